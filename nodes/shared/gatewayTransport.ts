/**
 * The one way the pack talks to a gateway's send API. Built on n8n's
 * `httpRequestWithAuthentication` (proxy support; the `smsGatewayApi` credential adds the
 * platform's secret or SMSGate's basic auth, so this module never handles them beyond
 * keeping them out of messages).
 *
 * - The platform takes form or multipart parameters, never JSON; SMSGate takes JSON.
 * - Every call has a timeout.
 * - Retries only when safe: reads, and sends that certainly never reached the gateway
 *   (no connection was made). A send that may have arrived is not repeated: a duplicate
 *   SMS costs the user money. The error says so.
 * - Every failure is a `NodeApiError` with the gateway's message and status, never a
 *   secret.
 */
import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
	type JsonObject,
} from 'n8n-workflow';

import {
	connectionFailureOf,
	readGatewayAnswer,
	type ConnectionFailure,
	type GatewayProvider,
} from './gatewayAnswers';
import { redactSecrets } from './redact';

export const GATEWAY_CREDENTIAL = 'smsGatewayApi';

export type GatewayContext = IExecuteFunctions | ILoadOptionsFunctions;

export type FieldValue = string | number | undefined;

export interface GatewayCall {
	method: 'GET' | 'POST';
	/** Below the credential's URL, e.g. `/send/sms` or `/messages`. */
	path: string;
	/** `read` calls change nothing and are retried; `send` calls are retried only when they never arrived. */
	kind: 'read' | 'send';
	/** Query parameters of a read, or the platform's form/multipart parameters of a send. */
	fields?: Record<string, FieldValue>;
	/** The platform reads forms and multipart bodies; multipart where its API documents it. */
	encoding?: 'form' | 'multipart';
	/** SMSGate's JSON body. */
	json?: IDataObject;
	/** What a duplicate would be, for the error of a send that may have arrived: `SMS`, `WhatsApp message`. */
	sends?: string;
	timeoutMs?: number;
	itemIndex?: number;
}

export interface GatewayResult {
	/** The platform's `data`, or SMSGate's body. */
	data: unknown;
	/** The platform's success message, e.g. `Message has been queued for sending!`. */
	message?: string;
}

export const DEFAULT_TIMEOUTS_MS = { read: 15_000, send: 30_000 } as const;
const MAX_ATTEMPTS = 3;
const FIRST_RETRY_DELAY_MS = 300;

interface GatewayCredential {
	provider?: GatewayProvider;
	baseUrl?: string;
	serverUrl?: string;
	apiSecret?: string;
	username?: string;
	password?: string;
}

/** The provider chosen in the node's credential. */
export async function gatewayProvider(this: GatewayContext): Promise<GatewayProvider> {
	const credential = await this.getCredentials<GatewayCredential>(GATEWAY_CREDENTIAL);
	return credential.provider === 'smsgate' ? 'smsgate' : 'platform';
}

export async function gatewayRequest(this: GatewayContext, call: GatewayCall): Promise<GatewayResult> {
	const credential = await this.getCredentials<GatewayCredential>(GATEWAY_CREDENTIAL);
	const provider: GatewayProvider = credential.provider === 'smsgate' ? 'smsgate' : 'platform';
	const root = String((provider === 'smsgate' ? credential.serverUrl : credential.baseUrl) ?? '').replace(/\/+$/, '');
	const secrets = [credential.apiSecret, credential.password];
	const where = `${call.method} ${call.path}`;
	const fail = (message: string, description: string, httpCode?: number, maySent = false) => {
		// A plain object, not the caught error: n8n's error keeps what it wraps, and the
		// request it carries holds the secret.
		const error = new NodeApiError(this.getNode(), { message: redactSecrets(message, secrets) } as JsonObject, {
			message: redactSecrets(message, secrets),
			description: redactSecrets(description, secrets),
			httpCode: httpCode === undefined ? undefined : String(httpCode),
			itemIndex: call.itemIndex,
		});
		if (maySent) error.context[MAY_HAVE_BEEN_SENT] = true;
		return error;
	};

	if (root === '') throw fail('The credential has no URL of the gateway', `${where}: set the URL in the SMS Gateway API credential`);

	for (let attempt = 1; ; attempt++) {
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				GATEWAY_CREDENTIAL,
				buildRequest(provider, root, call),
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const failure = connectionFailureOf(error);
			if (failure && isSafeToRetry(call, failure) && attempt < MAX_ATTEMPTS) {
				await sleep(FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1));
				continue;
			}
			if (!failure) {
				const message = error instanceof Error ? error.message : String(error);
				throw fail(`The request to the gateway failed: ${message}`, where);
			}
			throw fail(
				connectionFailureMessage(call, failure, attempt),
				`${where}: ${failure.code} after ${attempt} attempt(s)`,
				undefined,
				call.kind === 'send' && failure.mayHaveArrived,
			);
		}

		const outcome = readGatewayAnswer(provider, response.statusCode, response.body);
		if (outcome.ok) return { data: outcome.data, message: outcome.message };

		const serverError = outcome.status >= 500;
		if (serverError && call.kind === 'read' && attempt < MAX_ATTEMPTS) {
			await sleep(FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1));
			continue;
		}
		const maySent = serverError && call.kind === 'send';
		throw fail(
			maySent ? `${outcome.message}. ${maybeSentNotice(call)}` : outcome.message,
			`${where}: the gateway answered status ${outcome.status}`,
			outcome.status,
			maySent,
		);
	}
}

const MAY_HAVE_BEEN_SENT = 'mayHaveBeenSent';

/** Whether `error` is a send failure after which the message may still have gone out. */
export function mayHaveBeenSent(error: unknown): boolean {
	return error instanceof NodeApiError && error.context[MAY_HAVE_BEEN_SENT] === true;
}

function isSafeToRetry(call: GatewayCall, failure: ConnectionFailure): boolean {
	return call.kind === 'read' || !failure.mayHaveArrived;
}

function maybeSentNotice(call: GatewayCall): string {
	const what = call.sends ?? 'message';
	return `The ${what} may have been sent; not retried to avoid a duplicate ${what}`;
}

function connectionFailureMessage(call: GatewayCall, failure: ConnectionFailure, attempts: number): string {
	const cause =
		failure.code === 'TIMEOUT'
			? 'The gateway did not answer in time'
			: failure.mayHaveArrived
				? 'The connection to the gateway broke before it answered'
				: 'Could not connect to the gateway';
	if (call.kind === 'send' && failure.mayHaveArrived) return `${cause}. ${maybeSentNotice(call)}`;
	const tries = attempts > 1 ? ` (tried ${attempts} times)` : '';
	return `${cause}${tries}; nothing was sent. Check the URL in the credential and that the gateway is up`;
}

/** A fresh request for each attempt: bodies such as multipart forms are consumed by sending. */
function buildRequest(provider: GatewayProvider, root: string, call: GatewayCall): IHttpRequestOptions {
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${root}${call.path}`,
		timeout: call.timeoutMs ?? DEFAULT_TIMEOUTS_MS[call.kind],
		json: true,
		returnFullResponse: true,
		// The answer is judged here: the platform's failures come as HTTP 200 anyway.
		ignoreHttpStatusErrors: true,
	};
	const fields = definedFields(call.fields);
	if (call.method === 'GET') return { ...request, qs: fields };
	if (provider === 'smsgate') return { ...request, body: call.json ?? {} };

	if (call.encoding === 'multipart') {
		const form = new FormData();
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		return { ...request, body: form };
	}
	return { ...request, body: new URLSearchParams(fields) };
}

function definedFields(fields: Record<string, FieldValue> = {}): Record<string, string> {
	const defined: Record<string, string> = {};
	for (const [name, value] of Object.entries(fields)) {
		if (value !== undefined) defined[name] = String(value);
	}
	return defined;
}
