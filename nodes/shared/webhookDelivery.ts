/**
 * Delivering an event to webhook URLs the way the hosted platform does, so consumers
 * written for it (e.g. the platform's PHP example reading `$request["secret"]`) keep
 * working when n8n takes the platform's place.
 *
 * The platform posts `secret`, `type` and `data[...]` form-encoded with PHP's
 * `http_build_query` (gateway-facts.md). The secret is not added here: the
 * `smsGatewayWebhookApi` credential's `authenticate` adds it when n8n sends the request
 * (`httpRequestWithAuthentication`), so the code that builds and sends payloads never
 * holds the secret and cannot leak it into an item or an error.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { GatewayEvent } from './events';

export type DeliveryEncoding = 'form' | 'json';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const JSON_CONTENT_TYPE = 'application/json';

/** The platform's `data` fields per event type, in the order it sends them. */
const PLATFORM_FIELDS: Record<GatewayEvent['type'], string[]> = {
	sms: ['id', 'rid', 'sim', 'device', 'phone', 'message', 'timestamp'],
	whatsapp: ['id', 'wid', 'phone', 'message', 'attachment', 'timestamp'],
	ussd: ['id', 'sim', 'device', 'code', 'response', 'timestamp'],
	notification: ['id', 'device', 'package', 'title', 'content', 'timestamp'],
};

/** The body the platform would post for `event`, without the secret. */
export interface PlatformPayload extends IDataObject {
	type: string;
	data: IDataObject;
}

export interface PayloadOptions {
	/** Live notification webhooks say `notifications`; the docs and test button say `notification`. */
	pluralNotifications?: boolean;
}

export function platformPayload(event: GatewayEvent, options: PayloadOptions = {}): PlatformPayload {
	const source = event as unknown as IDataObject;
	const data: IDataObject = {};
	for (const field of PLATFORM_FIELDS[event.type]) {
		// A chat without attachment is sent as false (form-encoded: 0), as the platform does.
		data[field] = field === 'attachment' ? (source.attachment ?? false) : source[field];
	}
	const type = event.type === 'notification' && options.pluralNotifications !== false ? 'notifications' : event.type;
	return { type, data };
}

/**
 * PHP's `urlencode` (RFC 1738 form encoding): everything except letters, digits and
 * `-_.` is percent-encoded, spaces become `+`. `encodeURIComponent` also leaves
 * `!~*'()` alone, which PHP encodes.
 */
export function phpUrlencode(text: string): string {
	return encodeURIComponent(text)
		.replace(/[!~*'()]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
		.replace(/%20/g, '+');
}

/**
 * PHP's `http_build_query` for the values a payload holds: nested records become
 * `key[sub]`, booleans `1`/`0`, null and undefined are left out (as PHP does).
 */
export function httpBuildQuery(record: IDataObject, prefix?: string): string {
	const pairs: string[] = [];
	for (const [key, value] of Object.entries(record)) {
		const name = prefix === undefined ? key : `${prefix}[${key}]`;
		if (value === null || value === undefined) continue;
		if (typeof value === 'object') {
			const nested = httpBuildQuery(value as IDataObject, name);
			if (nested !== '') pairs.push(nested);
			continue;
		}
		const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
		pairs.push(`${phpUrlencode(name)}=${phpUrlencode(text)}`);
	}
	return pairs.join('&');
}

/**
 * Puts the webhook secret into a delivery request, first, as the platform does. Used as
 * the `smsGatewayWebhookApi` credential's `authenticate`: n8n calls it with the
 * decrypted credential just before sending. Requests whose body is not a platform
 * payload are left alone.
 */
export async function addWebhookSecret(secret: string, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	if (!isPlatformPayload(request.body)) return request;
	const body: IDataObject = { secret, type: request.body.type, data: request.body.data };
	const contentType = headerOf(request, 'content-type');
	return { ...request, body: contentType === FORM_CONTENT_TYPE ? httpBuildQuery(body) : body };
}

function isPlatformPayload(body: unknown): body is PlatformPayload {
	return (
		typeof body === 'object' &&
		body !== null &&
		!Array.isArray(body) &&
		typeof (body as IDataObject).type === 'string' &&
		typeof (body as IDataObject).data === 'object'
	);
}

function headerOf(request: IHttpRequestOptions, name: string): string | undefined {
	const headers = (request.headers ?? {}) as IDataObject;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : String(headers[key]);
}

export interface DeliveryPolicy {
	/** Per attempt, milliseconds. */
	timeoutMs: number;
	/** Attempts in all, at least 1. */
	maxAttempts: number;
	/** Wait before the first retry; doubles for each further one. */
	retryDelayMs: number;
}

export const MAX_ATTEMPTS_LIMIT = 10;
/** No single wait between attempts is longer than this. */
const MAX_RETRY_DELAY_MS = 60_000;

export interface DeliveryResult {
	url: string;
	delivered: boolean;
	/** HTTP status of the last answer; 0 when no answer came (network error, timeout). */
	status: number;
	attempts: number;
	durationMs: number;
	/** Why the delivery failed, when it did (never contains the secret: it is never held here). */
	error?: string;
}

export interface HttpAnswer {
	statusCode: number;
}

/** Sends one request (n8n's `httpRequestWithAuthentication` in the node); throws on network errors. */
export type SendRequest = (request: IHttpRequestOptions) => Promise<HttpAnswer>;

export type Sleep = (milliseconds: number) => Promise<void>;

/** The request that posts `payload` to `url`; the credential adds the secret. */
export function deliveryRequest(url: string, payload: PlatformPayload, encoding: DeliveryEncoding, timeoutMs: number): IHttpRequestOptions {
	return {
		method: 'POST',
		url,
		body: payload,
		headers: { 'content-type': encoding === 'form' ? FORM_CONTENT_TYPE : JSON_CONTENT_TYPE },
		json: encoding === 'json',
		timeout: timeoutMs,
		returnFullResponse: true,
		// Every status comes back as an answer, so 4xx and 5xx can be told apart below.
		ignoreHttpStatusErrors: true,
	};
}

/**
 * Posts to one URL, retrying network errors, timeouts and 5xx answers with exponential
 * backoff up to `maxAttempts`. 2xx is delivered; any other answer is final (a 4xx will
 * not change by asking again).
 */
export async function deliver(
	url: string,
	request: IHttpRequestOptions,
	policy: DeliveryPolicy,
	send: SendRequest,
	sleep: Sleep,
	now: () => number = Date.now,
): Promise<DeliveryResult> {
	const started = now();
	const attemptsAllowed = Math.min(Math.max(Math.floor(policy.maxAttempts), 1), MAX_ATTEMPTS_LIMIT);
	let status = 0;
	let error: string | undefined;
	for (let attempt = 1; attempt <= attemptsAllowed; attempt++) {
		if (attempt > 1) await sleep(Math.min(policy.retryDelayMs * 2 ** (attempt - 2), MAX_RETRY_DELAY_MS));
		try {
			status = (await send({ ...request })).statusCode;
			error = undefined;
		} catch (caught) {
			status = 0;
			error = describeNetworkError(caught);
			continue;
		}
		if (status >= 200 && status < 300) {
			return { url, delivered: true, status, attempts: attempt, durationMs: now() - started };
		}
		error = `answered HTTP ${status}`;
		if (status < 500) return { url, delivered: false, status, attempts: attempt, durationMs: now() - started, error };
	}
	return { url, delivered: false, status, attempts: attemptsAllowed, durationMs: now() - started, error };
}

/** A short cause of a failed request: the error code (ECONNREFUSED, ECONNABORTED…) or message. */
function describeNetworkError(caught: unknown): string {
	const error = caught as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
	const code = typeof error.cause?.code === 'string' ? error.cause.code : typeof error.code === 'string' ? error.code : undefined;
	const message = typeof error.message === 'string' ? error.message : 'request failed';
	return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}
