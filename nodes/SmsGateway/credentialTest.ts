/**
 * The test of the `smsGatewayApi` credential: one cheap read, judged the way the
 * transport judges answers, so that the user sees the gateway's own message ("Invalid API
 * secret supplied!") rather than a green tick for an HTTP 200 that carries an error.
 * Credential tests get only n8n's basic `request` helper, so the request is built here.
 */
import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { isRecord } from '../shared/body';
import { readGatewayAnswer, type GatewayProvider } from '../shared/gatewayAnswers';
import { redactSecrets } from '../shared/redact';

const TEST_TIMEOUT_MS = 10_000;

interface FullResponse {
	statusCode: number;
	body: unknown;
}

export async function testGatewayCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const provider: GatewayProvider = data.provider === 'smsgate' ? 'smsgate' : 'platform';
	const secrets = [String(data.apiSecret ?? ''), String(data.password ?? '')];
	const root = String((provider === 'smsgate' ? data.serverUrl : data.baseUrl) ?? '').replace(/\/+$/, '');
	if (!/^https?:\/\//i.test(root)) {
		return { status: 'Error', message: 'The URL must start with http:// or https://' };
	}

	// Platform: the balance is the cheapest read that needs the secret. SMSGate: one
	// message of the list, which needs the username and password.
	const request =
		provider === 'smsgate'
			? {
					method: 'GET',
					uri: `${root}/messages`,
					qs: { limit: 1 },
					auth: { user: String(data.username ?? ''), pass: String(data.password ?? '') },
				}
			: { method: 'GET', uri: `${root}/get/credits`, qs: { secret: String(data.apiSecret ?? '') } };

	let response: FullResponse;
	try {
		// Credential tests get only this helper from n8n (ICredentialTestFunctions has no
		// httpRequest); n8n's own nodes test their credentials with it too.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		response = (await this.helpers.request({
			...request,
			json: true,
			timeout: TEST_TIMEOUT_MS,
			resolveWithFullResponse: true,
			simple: false,
		})) as FullResponse;
	} catch (error) {
		const reason = isRecord(error) && typeof error.message === 'string' ? error.message : String(error);
		return { status: 'Error', message: redactSecrets(`Could not reach the gateway: ${reason}`, secrets) };
	}
	const outcome = readGatewayAnswer(provider, response.statusCode, response.body);
	if (!outcome.ok) return { status: 'Error', message: redactSecrets(outcome.message, secrets) };
	return { status: 'OK', message: provider === 'smsgate' ? 'Connected to SMSGate' : 'Connected to the platform' };
}
