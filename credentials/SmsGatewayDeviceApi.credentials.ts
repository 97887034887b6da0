import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * What phones posting straight to n8n authenticate with: one token per device (sent as
 * `Authorization: Bearer`, `X-Device-Token` or `?token=`), and the signing keys of the
 * gateway apps that sign their requests. Tested by the SMS Gateway Ingest Trigger
 * (`smsGatewayDeviceTokensTest`): there is no remote API to ask, so the test checks the
 * tokens for what makes them unsafe or unusable.
 */
export class SmsGatewayDeviceApi implements ICredentialType {
	name = 'smsGatewayDeviceApi';

	displayName = 'SMS Gateway Device';

	icon: Icon = { light: 'file:../icons/sms-gateway-ingest.svg', dark: 'file:../icons/sms-gateway-ingest.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateway/n8n-nodes-sms-gateway#sms-gateway-ingest-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Device Tokens',
			name: 'tokens',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'k7Q2v9XbLr4mZt8w:Shop phone, p3Nw8sYc1HdF6qJe:Office phone',
			description:
				'One entry per phone, separated by commas: the token, optionally followed by a colon and the device name used when the app sends none. Use long random tokens without colons or commas.',
		},
		{
			displayName: 'SMSGate Signing Key',
			name: 'smsGateSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The signing key of the SMSGate app (Settings → Webhooks → Signing Key). When set, SMSGate webhooks must carry a valid X-Signature made less than 5 minutes ago.',
		},
		{
			displayName: 'Forwarder Signing Key',
			name: 'forwarderSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The HMAC secret set in a forwarder app ("Incoming SMS to URL forwarder" X-Signature, or SmsForwarder\'s sign). When set, forwarder posts must be signed with it.',
		},
	];
}
