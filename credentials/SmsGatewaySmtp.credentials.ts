import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * An SMTP account for the Email Forward node, with the fields of n8n's own SMTP
 * credential (so the same settings carry over) plus its "ignore SSL issues" switch.
 *
 * The pack cannot reuse n8n's built-in `smtp` credential: the community-node rules
 * (`@n8n/community-nodes/no-credential-reuse`) forbid naming another package's
 * credential type. Tested by the Email Forward node (`smsGatewaySmtpTest`), which logs in
 * with nodemailer's `verify()` and reports the server's own answer.
 */
export class SmsGatewaySmtp implements ICredentialType {
	name = 'smsGatewaySmtp';

	displayName = 'SMTP (Email Forward)';

	icon: Icon = { light: 'file:../icons/email-forward.svg', dark: 'file:../icons/email-forward.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-gateway/n8n-nodes-sms-gateway#email-forward';

	properties: INodeProperties[] = [
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			placeholder: 'you@gmail.com',
			description: 'The login of the mailbox; leave empty for a server that does not ask for one',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'For Gmail and Outlook an app password, not the account password',
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'smtp.gmail.com',
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 465,
			description: '465 for SSL/TLS, 587 for STARTTLS, 25 between servers',
		},
		{
			displayName: 'SSL/TLS',
			name: 'secure',
			type: 'boolean',
			default: true,
			description: 'Whether to speak TLS from the first byte (port 465). Off for 587 and 25, which upgrade with STARTTLS.',
		},
		{
			displayName: 'Disable STARTTLS',
			name: 'disableStartTls',
			type: 'boolean',
			default: false,
			displayOptions: { show: { secure: [false] } },
			description: 'Whether to stay unencrypted even when the server offers STARTTLS (only for servers with broken TLS)',
		},
		{
			displayName: 'Client Host Name',
			name: 'hostName',
			type: 'string',
			default: '',
			description: 'The name this client gives in its EHLO greeting; empty uses the machine name',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to accept a certificate that cannot be verified (self-signed, expired, wrong name)',
		},
	];
}
