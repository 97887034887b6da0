import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { addWebhookSecret } from '../nodes/shared/webhookDelivery';

/**
 * The shared secret of the gateway platform's webhooks. The platform sends it in every
 * webhook body (`secret=...`); it is the webhook's only authentication. Tested by the
 * SMS Gateway Trigger node (`smsGatewayWebhookSecretTest`): there is no remote API to
 * ask, so the test checks the secret for the mistakes people make when pasting it.
 */
export class SmsGatewayWebhookApi implements ICredentialType {
	name = 'smsGatewayWebhookApi';

	displayName = 'SMS Gateway Webhook';

	icon: Icon = { light: 'file:../icons/sms-gateway.svg', dark: 'file:../icons/sms-gateway.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateway/n8n-nodes-sms-gateway#sms-gateway-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The secret of the webhook in the gateway dashboard (Tools → Webhooks). Requests without it are refused with 401.',
		},
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => await addWebhookSecret(String(credentials.secret ?? ''), requestOptions);
}
