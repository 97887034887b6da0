/**
 * Webhook consumers on 127.0.0.1 standing in for what users point deliveries at: the
 * platform's PHP example (reads `$request["secret"]`, refuses a wrong one), a consumer
 * that fails twice with 500 before it works, one that never answers, and a dead port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

export interface ReceivedRequest {
	contentType: string;
	raw: string;
	/** The body as PHP's $_REQUEST sees it: form fields with `data[...]` nested, or JSON. */
	request: Record<string, unknown>;
}

export interface Sink {
	url: string;
	received: ReceivedRequest[];
	close(): Promise<void>;
}

type Handler = (received: ReceivedRequest, response: ServerResponse) => void;

export async function startSink(handler: Handler): Promise<Sink> {
	const received: ReceivedRequest[] = [];
	const server = createServer((request, response) => {
		void readBody(request).then((raw) => {
			const contentType = String(request.headers['content-type'] ?? '');
			const entry = { contentType, raw, request: parseLikePhp(contentType, raw) };
			received.push(entry);
			handler(entry, response);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook.php`, received, close: () => closeServer(server) };
}

/** Like the platform's PHP example: `if ($request["secret"] !== SECRET) refuse`. */
export function phpExampleSink(secret: string): Promise<Sink> {
	return startSink((received, response) => {
		if (received.request.secret !== secret) {
			response.writeHead(403, { 'content-type': 'text/plain' }).end('Invalid webhook secret');
			return;
		}
		response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
	});
}

/** Answers 500 `failures` times, then 200. */
export function flakySink(failures: number): Promise<Sink> {
	let answered = 0;
	return startSink((_received, response) => {
		answered += 1;
		response.writeHead(answered <= failures ? 500 : 200).end(answered <= failures ? 'try later' : 'OK');
	});
}

/** Reads the request and never answers (a hung consumer); closing it drops the sockets. */
export async function silentSink(): Promise<Sink> {
	const pending: ServerResponse[] = [];
	const sink = await startSink((_received, response) => pending.push(response));
	return {
		...sink,
		close: async () => {
			pending.forEach((response) => response.destroy());
			await sink.close();
		},
	};
}

/** A URL on a port nothing listens on (bound, then released). */
export async function deadUrl(): Promise<string> {
	const sink = await startSink(() => undefined);
	await sink.close();
	return sink.url;
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

function parseLikePhp(contentType: string, raw: string): Record<string, unknown> {
	if (contentType.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
	const result: Record<string, unknown> = {};
	for (const [key, value] of new URLSearchParams(raw)) {
		const nested = /^([^[]+)\[([^\]]+)\]$/.exec(key);
		if (nested === null) {
			result[key] = value;
			continue;
		}
		const group = (result[nested[1]] ?? {}) as Record<string, string>;
		group[nested[2]] = value;
		result[nested[1]] = group;
	}
	return result;
}

function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	return new Promise((resolve) => server.close(() => resolve()));
}
