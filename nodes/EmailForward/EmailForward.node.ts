import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as forward from './actions/forward.operation';
import { verifyCredential } from './credentialTest';

export class EmailForward implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Email Forward',
		name: 'emailForward',
		icon: { light: 'file:../../icons/email-forward.svg', dark: 'file:../../icons/email-forward.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{"to " + $parameter["to"]}}',
		description: 'Forwards SMS, WhatsApp chats, USSD responses and notifications (or any item) to email over SMTP',
		defaults: { name: 'Email Forward' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'smsGatewaySmtp', required: true, testedBy: 'smsGatewaySmtpTest' }],
		properties: forward.description,
	};

	methods = {
		credentialTest: {
			async smsGatewaySmtpTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return await verifyCredential(credential.data ?? {});
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await forward.execute.call(this);
	}
}
