/**
 * The test of the `smsGatewayWebhookApi` credential, shared by every node that uses it
 * (the SMS Gateway Trigger receives with the secret, the SMS Gateway node's Deliver to
 * Webhook sends with it): there is no remote API to ask, so it checks the secret for
 * the mistakes people make when pasting it. Register it as
 * `methods.credentialTest.smsGatewayWebhookSecretTest` and name it in `testedBy`.
 */
import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

export async function testWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	if (secret === '') return { status: 'Error', message: 'The webhook secret is empty' };
	if (secret.trim() !== secret) {
		return { status: 'Error', message: 'The webhook secret starts or ends with spaces; paste it again' };
	}
	return { status: 'OK', message: 'The secret is set; every webhook is checked against it' };
}
