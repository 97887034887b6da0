import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * The gateway's send API. Two providers:
 * - `platform`: a hosted, Zender-compatible platform. It reads the API secret as a
 *   `secret` parameter from the query, a form or a multipart body; JSON bodies are not
 *   read (gateway-facts.md), so the secret goes where the request's parameters go.
 * - `smsgate`: the SMSGate Android app (on the phone or through its cloud relay), JSON
 *   with HTTP basic auth.
 *
 * Tested by the SMS Gateway node (`smsGatewayApiTest`): the platform answers a wrong
 * secret with HTTP 200 and `{"status":401,...}`, which a plain credential test request
 * would count as success, so the node's test reads the body and reports the gateway's
 * own message.
 */
export class SmsGatewayApi implements ICredentialType {
	name = 'smsGatewayApi';

	displayName = 'SMS Gateway API';

	icon: Icon = { light: 'file:../icons/sms-gateway.svg', dark: 'file:../icons/sms-gateway.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateway/n8n-nodes-sms-gateway#sms-gateway';

	properties: INodeProperties[] = [
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			options: [
				{
					name: 'Hosted Platform (Zender-Compatible)',
					value: 'platform',
					description: 'A hosted SMS/WhatsApp gateway platform with an API secret',
				},
				{
					name: 'SMSGate Android App',
					value: 'smsgate',
					description: 'The open-source SMS Gateway for Android app, on the phone or through its cloud relay',
				},
			],
			default: 'platform',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://sms.example.com/api',
			description: 'The API root of the platform, ending in /api',
			displayOptions: { show: { provider: ['platform'] } },
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from the platform dashboard (Tools → API Keys)',
			displayOptions: { show: { provider: ['platform'] } },
		},
		{
			displayName: 'Server URL',
			name: 'serverUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://192.168.1.20:8080',
			description:
				'The phone\'s local server (http://PHONE-IP:8080) or the cloud relay (https://api.sms-gate.app/3rdparty/v1)',
			displayOptions: { show: { provider: ['smsgate'] } },
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { provider: ['smsgate'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { provider: ['smsgate'] } },
		},
	];

	/**
	 * Adds the credential to a request built by the node's transport. A function rather
	 * than a generic rule because where the platform's secret goes depends on the request:
	 * the query of a read, the form or multipart body of a send.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (credentials.provider === 'smsgate') {
			return {
				...requestOptions,
				auth: { username: String(credentials.username ?? ''), password: String(credentials.password ?? '') },
			};
		}
		const secret = String(credentials.apiSecret ?? '');
		const { body } = requestOptions;
		if (body instanceof URLSearchParams || body instanceof FormData) {
			body.set('secret', secret);
			return requestOptions;
		}
		return { ...requestOptions, qs: { ...requestOptions.qs, secret } };
	}
}
