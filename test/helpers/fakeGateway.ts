/**
 * Real HTTP servers on 127.0.0.1 that behave like the two gateway APIs the SMS Gateway
 * node talks to (gateway-facts.md), recording every request exactly as received.
 *
 * - The platform: reads `secret` from the query, a form or a multipart body, never from
 *   JSON; answers every error with HTTP 200 and `{"status":4xx,"message":...,"data":false}`.
 * - SMSGate: JSON bodies, HTTP basic auth, HTTP status codes.
 *
 * Faults a test can ask for: drop the connection after the request was received, answer
 * with a status, or call back on each accepted send (to wire two bots together).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

export const PLATFORM_SECRET = 'platform-api-secret-9f8e7d';
export const SMSGATE_USER = 'sms';
export const SMSGATE_PASSWORD = 'smsgate-password-4b5c6d';

export const DEVICES = [
	{ id: 1, unique: '00000000-0000-0000-d57d-f30cb6a89289', name: 'Office Pixel', manufacturer: 'Google', version: '14' },
	{ id: 2, unique: '00000000-0000-0000-a1b2-c3d4e5f60718', name: 'Backup Galaxy', manufacturer: 'Samsung', version: '13' },
];
export const WA_ACCOUNTS = [
	{ id: 7, unique: '6b1f3e0a9c2d', phone: '+639171110000', status: 'connected' },
	{ id: 8, unique: '90a5c7e21f44', phone: '+639172220000', status: 'disconnected' },
	// The account of the WhatsApp webhook fixture (wid +639760713666), stored without the plus.
	{ id: 9, unique: 'c3d9e8f1a2b4', phone: '639760713666', status: 'connected' },
];

export interface ReceivedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	/** Form or multipart fields, or the JSON body's top-level fields. */
	fields: Record<string, unknown>;
	contentType: string;
	authorization?: string;
	raw: string;
}

export type Fault =
	| { kind: 'drop' }
	| { kind: 'hang' }
	| { kind: 'status'; status: number; message: string; httpStatus?: number };

export interface FakeGateway {
	url: string;
	port: number;
	requests: ReceivedRequest[];
	/** Requests to paths starting with `/send/` (platform) or `POST /messages` (SMSGate). */
	sends(): ReceivedRequest[];
	/** Applies `fault` to the next `count` requests whose path is `path` (and that `when` accepts). */
	failNext(path: string, fault: Fault, count?: number, when?: (request: ReceivedRequest) => boolean): void;
	/** Called after each accepted send; two-bot tests turn sends into incoming events. */
	onSend?: (request: ReceivedRequest) => void;
	close(): Promise<void>;
}

type Answer = { status: number; body: unknown };

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

async function parseFields(contentType: string, raw: Buffer): Promise<Record<string, unknown>> {
	if (contentType.startsWith('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	}
	if (contentType.startsWith('multipart/form-data')) {
		const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
		return Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)]));
	}
	if (contentType.startsWith('application/json') && raw.length > 0) {
		return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
	}
	return {};
}

async function startServer(
	port: number,
	handle: (request: ReceivedRequest) => Answer,
	isSend: (request: ReceivedRequest) => boolean,
): Promise<FakeGateway> {
	const requests: ReceivedRequest[] = [];
	const faults: Array<{ path: string; fault: Fault; remaining: number; when?: (request: ReceivedRequest) => boolean }> =
		[];
	const gateway = {} as FakeGateway;

	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		void (async () => {
			const raw = await readBody(req);
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const contentType = String(req.headers['content-type'] ?? '');
			const request: ReceivedRequest = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				fields: await parseFields(contentType, raw),
				contentType,
				authorization: req.headers.authorization,
				raw: raw.toString('utf8'),
			};
			requests.push(request);

			const pending = faults.find(
				(entry) => entry.path === request.path && entry.remaining > 0 && (entry.when?.(request) ?? true),
			);
			if (pending) {
				pending.remaining--;
				if (pending.fault.kind === 'drop') {
					// The request was read completely; the answer never comes.
					req.socket.destroy();
					return;
				}
				if (pending.fault.kind === 'hang') return; // never answers; closed with the server
				const { status, message, httpStatus = 200 } = pending.fault;
				return respond(res, { status: httpStatus, body: { status, message, data: false } });
			}
			const answer = handle(request);
			respond(res, answer);
			if (isSend(request) && answer.status < 300 && gateway.onSend) gateway.onSend(request);
		})();
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const actualPort = (server.address() as AddressInfo).port;
	Object.assign(gateway, {
		url: `http://127.0.0.1:${actualPort}`,
		port: actualPort,
		requests,
		sends: () => requests.filter(isSend),
		failNext(path: string, fault: Fault, count = 1, when?: (request: ReceivedRequest) => boolean) {
			faults.push({ path, fault, remaining: count, when });
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	} satisfies Omit<FakeGateway, 'onSend'>);
	return gateway;
}

function respond(res: ServerResponse, answer: Answer): void {
	// The platform is PHP: it labels its JSON text/html more often than not.
	res.writeHead(answer.status, { 'content-type': 'text/html; charset=UTF-8' });
	res.end(JSON.stringify(answer.body));
}

const platformOk = (message: string, data: unknown): Answer => ({ status: 200, body: { status: 200, message, data } });
const platformError = (status: number, message: string): Answer => ({
	status: 200,
	body: { status, message, data: false },
});

/** A Zender-compatible platform under `/api`. `port` 0 picks a free port. */
export async function startPlatform(port = 0): Promise<FakeGateway> {
	let nextMessageId = 1000;
	return await startServer(
		port,
		(request) => {
			// JSON bodies are not read: their secret does not count.
			const parameters = request.contentType.startsWith('application/json')
				? request.query
				: { ...request.query, ...request.fields };
			if (parameters.secret !== PLATFORM_SECRET) return platformError(401, 'Invalid API secret supplied!');
			const field = (name: string) => (typeof parameters[name] === 'string' ? (parameters[name] as string) : '');

			switch (`${request.method} ${request.path}`) {
				case 'GET /api/get/devices':
					return platformOk('Android Devices', DEVICES);
				case 'GET /api/get/wa.accounts':
					return platformOk('WhatsApp Accounts', WA_ACCOUNTS);
				case 'GET /api/get/credits':
					return platformOk('Remaining Credits', { credits: '42.00', currency: 'USD' });
				case 'POST /api/send/sms': {
					if (field('phone') === '') return platformError(400, 'Invalid Parameters!');
					if (field('message') === '') return platformError(400, 'Invalid Parameters!');
					if (field('mode') === 'devices') {
						if (!DEVICES.some((device) => device.unique === field('device'))) {
							return platformError(404, "Device doesn't exist!");
						}
						if (!['1', '2'].includes(field('sim') || '1')) return platformError(400, 'Invalid Parameters!');
					} else if (field('mode') !== 'credits' || field('gateway') === '') {
						return platformError(400, 'Invalid Parameters!');
					}
					return platformOk('Message has been queued for sending!', { messageId: nextMessageId++ });
				}
				case 'POST /api/send/whatsapp': {
					if (!WA_ACCOUNTS.some((account) => account.unique === field('account'))) {
						return platformError(404, "WhatsApp account doesn't exist!");
					}
					if (field('recipient') === '' || !['text', 'media', 'document'].includes(field('type'))) {
						return platformError(400, 'Invalid Parameters!');
					}
					return platformOk('WhatsApp chat has been queued for sending!', { messageId: nextMessageId++ });
				}
				case 'POST /api/send/ussd': {
					if (!DEVICES.some((device) => device.unique === field('device'))) {
						return platformError(404, "Device doesn't exist!");
					}
					if (field('code') === '') return platformError(400, 'Invalid Parameters!');
					return platformOk('USSD request has been queued!', { messageId: nextMessageId++ });
				}
				default:
					return platformError(404, 'Invalid API endpoint!');
			}
		},
		(request) => request.path.startsWith('/api/send/'),
	);
}

/** SMSGate's API (the phone's local server or the cloud relay's `/3rdparty/v1`). */
export async function startSmsGate(port = 0): Promise<FakeGateway> {
	let nextId = 1;
	const expected = `Basic ${Buffer.from(`${SMSGATE_USER}:${SMSGATE_PASSWORD}`).toString('base64')}`;
	return await startServer(
		port,
		(request) => {
			if (request.authorization !== expected) return { status: 401, body: { message: 'Unauthorized' } };
			switch (`${request.method} ${request.path}`) {
				case 'GET /messages':
					return { status: 200, body: [] };
				case 'GET /devices':
					return { status: 200, body: [{ id: 'dev-pixel-7a', name: 'Pixel 7a' }] };
				case 'POST /messages': {
					if (!request.contentType.startsWith('application/json')) {
						return { status: 400, body: { message: 'Invalid request: JSON expected' } };
					}
					const body = request.fields as { textMessage?: { text?: string }; phoneNumbers?: string[] };
					if (!body.textMessage?.text || !Array.isArray(body.phoneNumbers) || body.phoneNumbers.length === 0) {
						return { status: 400, body: { message: 'Invalid request: textMessage and phoneNumbers are required' } };
					}
					const id = `msg-${nextId++}`;
					return {
						status: 202,
						body: {
							id,
							state: 'Pending',
							recipients: body.phoneNumbers.map((phoneNumber) => ({ phoneNumber, state: 'Pending' })),
						},
					};
				}
				default:
					return { status: 404, body: { message: 'Not Found' } };
			}
		},
		(request) => request.method === 'POST' && request.path === '/messages',
	);
}
