/**
 * How the gateway APIs answer, read without n8n: success or failure of an HTTP answer,
 * whether a failed connection could have delivered a request, and secrets kept out of
 * every message shown to the user.
 *
 * The platform answers errors with HTTP 200 and `{"status":401,"message":"Invalid API
 * secret supplied!","data":false}` (gateway-facts.md): HTTP 200 alone is never success.
 * SMSGate uses HTTP status codes and `{"message":...}` bodies.
 */
import { isRecord } from './body';
import { parseJsonOrUndefined, preview } from './validation';

export type GatewayProvider = 'platform' | 'smsgate';

export const GATEWAY_PROVIDERS: readonly GatewayProvider[] = ['platform', 'smsgate'];

export type GatewayOutcome =
	| { ok: true; data: unknown; message?: string }
	| { ok: false; status: number; message: string };

/** The outcome of an HTTP answer from `provider`. */
export function readGatewayAnswer(provider: GatewayProvider, statusCode: number, rawBody: unknown): GatewayOutcome {
	const body = typeof rawBody === 'string' ? (parseJsonOrUndefined(rawBody) ?? rawBody) : rawBody;
	if (provider === 'smsgate') return readSmsGateAnswer(statusCode, body);

	if (statusCode < 200 || statusCode >= 300) {
		return { ok: false, status: statusCode, message: messageOf(body) ?? `The platform answered HTTP ${statusCode}` };
	}
	if (!isRecord(body)) {
		return {
			ok: false,
			status: statusCode,
			message: `The platform answered with something that is not its JSON (${preview(body)}); check the Base URL ends in /api`,
		};
	}
	const status = Number(body.status);
	if (status !== 200) {
		return {
			ok: false,
			status: Number.isInteger(status) && status > 0 ? status : 500,
			message: messageOf(body) ?? `The platform answered status ${String(body.status)}`,
		};
	}
	return { ok: true, data: body.data, message: typeof body.message === 'string' ? body.message : undefined };
}

function readSmsGateAnswer(statusCode: number, body: unknown): GatewayOutcome {
	if (statusCode >= 200 && statusCode < 300) return { ok: true, data: body };
	return { ok: false, status: statusCode, message: messageOf(body) ?? `SMSGate answered HTTP ${statusCode}` };
}

function messageOf(body: unknown): string | undefined {
	if (isRecord(body) && typeof body.message === 'string' && body.message !== '') return body.message;
	if (typeof body === 'string' && body.trim() !== '' && body.length < 300) return body.trim();
	return undefined;
}

/**
 * Network failures after which the request certainly never reached the gateway: no
 * connection was made. Anything else (a reset, a timeout) may have come after the gateway
 * read the request.
 */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface ConnectionFailure {
	/** Node's error code, e.g. `ECONNREFUSED`, or `TIMEOUT`. */
	code: string;
	/** Whether the gateway may have received the request. */
	mayHaveArrived: boolean;
}

/**
 * The connection failure inside an error thrown by n8n's request helpers, or `undefined`
 * when the error is not about the connection. n8n wraps axios errors in a `NodeApiError`
 * whose `httpCode` holds Node's code (`ECONNREFUSED`) and whose `messages` keep the
 * original text (`timeout of 1000ms exceeded`); a bare axios error has `code`.
 */
export function connectionFailureOf(error: unknown): ConnectionFailure | undefined {
	const texts: string[] = [];
	let code: string | undefined;
	for (let current: unknown = error, depth = 0; isRecord(current) && depth < 4; depth++) {
		for (const candidate of [current.code, current.httpCode]) {
			if (code === undefined && isSystemErrorCode(candidate)) code = candidate;
		}
		if (typeof current.message === 'string') texts.push(current.message);
		if (Array.isArray(current.messages)) texts.push(...current.messages.map(String));
		current = current.cause;
	}
	if (code === undefined) return undefined;
	const timedOut = code === 'ETIMEDOUT' || (code === 'ECONNABORTED' && texts.some((text) => /timeout/i.test(text)));
	return { code: timedOut ? 'TIMEOUT' : code, mayHaveArrived: !NEVER_CONNECTED.has(code) };
}

/**
 * Node's system error codes (`ECONNRESET`, `EAI_AGAIN`), not axios's own (`ERR_CANCELED`
 * when the execution is cancelled, `ERR_INVALID_URL`): those are not connection failures.
 */
function isSystemErrorCode(value: unknown): value is string {
	return typeof value === 'string' && /^E[A-Z_]+$/.test(value) && !value.startsWith('ERR_');
}

