import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as event from './actions/event';
import * as message from './actions/message';
import { route } from './actions/router';
import * as ussd from './actions/ussd';
import { listDevices, listWhatsAppAccounts } from './api';
import { testWebhookSecret } from '../shared/webhookSecretTest';
import { testGatewayCredential } from './credentialTest';

const REPLY_OUTPUTS = `[{"type":"${NodeConnectionTypes.Main}","displayName":"Replied"},{"type":"${NodeConnectionTypes.Main}","displayName":"Skipped"}]`;

export class SmsGateway implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Gateway',
		name: 'smsGateway',
		icon: { light: 'file:../../icons/sms-gateway-send.svg', dark: 'file:../../icons/sms-gateway-send.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS, WhatsApp and USSD through your SMS gateway, and auto-reply to incoming messages safely',
		defaults: { name: 'SMS Gateway' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Reply has a second output, Skipped, for events that got no reply and why.
		outputs: `={{ $parameter.operation === "reply" ? ${REPLY_OUTPUTS} : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [
			{
				name: 'smsGatewayApi',
				required: true,
				testedBy: 'smsGatewayApiTest',
				displayOptions: { hide: { operation: ['deliverToWebhook'] } },
			},
			{
				// Deliver to Webhook signs its posts with the webhook secret, as the platform does.
				name: 'smsGatewayWebhookApi',
				required: true,
				testedBy: 'smsGatewayWebhookSecretTest',
				displayOptions: { show: { resource: ['event'], operation: ['deliverToWebhook'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Message', value: 'message' },
					{ name: 'USSD', value: 'ussd' },
					{ name: 'Event', value: 'event' },
				],
				default: 'message',
			},
			...message.description,
			...ussd.description,
			...event.description,
		],
	};

	methods = {
		loadOptions: {
			async getDevices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await listDevices.call(this);
			},
			async getWhatsAppAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await listWhatsAppAccounts.call(this);
			},
		},
		credentialTest: {
			smsGatewayApiTest: testGatewayCredential,
			smsGatewayWebhookSecretTest: testWebhookSecret,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
