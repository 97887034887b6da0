/**
 * "Download and Attach" for WhatsApp attachment URLs. Off by default: links are the
 * default because nodemailer may not fetch URLs here (`disableUrlAccess`), and fetching a
 * URL that arrived in an event makes n8n request whatever address the event names. It is
 * worth it when the WhatsApp server keeps media on a private network, where a link in an
 * email to the outside world would lead nowhere. The download goes through n8n's own
 * HTTP helper (n8n's proxy settings apply), http(s) only, with a size cap.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { Attachment } from 'nodemailer';

import { isWebAddress } from './eventView';

/** Gmail and Outlook refuse mails above 20–25 MB; stay below both. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;
const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

interface FullResponse {
	body: unknown;
	headers?: Record<string, unknown>;
}

export async function downloadAttachment(context: IExecuteFunctions, url: string): Promise<Attachment> {
	const where = withoutQuery(url);
	if (!isWebAddress(url)) throw new Error(`The WhatsApp attachment ${where} is not an http(s) address, so it is not downloaded`);
	let response: FullResponse;
	try {
		response = (await context.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			timeout: DOWNLOAD_TIMEOUT_MS,
		})) as FullResponse;
	} catch (error) {
		throw new NodeApiError(context.getNode(), error as JsonObject, {
			message: `The WhatsApp attachment could not be downloaded from ${where}`,
			description: error instanceof Error ? error.message : String(error),
		});
	}
	const content = asBuffer(response.body);
	if (content.length > MAX_ATTACHMENT_BYTES) {
		throw new Error(
			`The WhatsApp attachment at ${where} is ${megabytes(content.length)} MB; mail servers refuse more than ${megabytes(MAX_ATTACHMENT_BYTES)} MB`,
		);
	}
	const type = String(response.headers?.['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	return { filename: fileNameOf(url), content, contentType: MIME_TYPE.test(type) ? type : 'application/octet-stream' };
}

function asBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	throw new Error('The WhatsApp attachment download returned no file');
}

/** The URL as shown in errors: query strings often carry access tokens. */
function withoutQuery(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return JSON.stringify(url.slice(0, 60));
	}
}

/** The last path segment, reduced to safe characters: the name is the sender's choice. */
function fileNameOf(url: string): string {
	let segment = '';
	try {
		segment = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
	} catch {
		segment = '';
	}
	const safe = segment.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
	return safe === '' ? 'attachment' : safe;
}

function megabytes(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1);
}
