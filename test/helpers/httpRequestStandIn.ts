/**
 * A stand-in for n8n's `this.helpers.httpRequest` (part of n8n's context object) for unit
 * tests: it makes the real request, to a real server on loopback, and answers the way
 * n8n's helper does for the options the pack uses: `encoding: 'arraybuffer'` gives a
 * Buffer, `returnFullResponse` gives `{ body, headers, statusCode }`, and a status of 400
 * or more throws axios's message unless `ignoreHttpStatusErrors` is set. The e2e suite
 * runs the same code with n8n's genuine helper.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

export async function httpRequestStandIn(options: IHttpRequestOptions): Promise<unknown> {
	const response = await fetch(String(options.url), {
		method: options.method ?? 'GET',
		signal: AbortSignal.timeout(options.timeout ?? 300_000),
	});
	const bytes = Buffer.from(await response.arrayBuffer());
	if (response.status >= 400 && !options.ignoreHttpStatusErrors) {
		throw new Error(`Request failed with status code ${response.status}`);
	}
	const body = options.encoding === 'arraybuffer' ? bytes : bytes.toString('utf8');
	if (!options.returnFullResponse) return body;
	return { body, headers: Object.fromEntries(response.headers), statusCode: response.status, statusMessage: response.statusText };
}
