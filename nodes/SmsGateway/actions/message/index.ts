import type { INodeProperties } from 'n8n-workflow';

import * as sendSms from './sendSms.operation';
import * as sendWhatsApp from './sendWhatsApp.operation';

export { sendSms, sendWhatsApp };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Send SMS', value: 'sendSms', action: 'Send an SMS', description: 'Send a text message from a phone of the gateway' },
			{
				name: 'Send WhatsApp',
				value: 'sendWhatsApp',
				action: 'Send a WhatsApp message',
				description: 'Send a WhatsApp text, media or document from a linked account',
			},
		],
		default: 'sendSms',
	},
	...sendSms.description,
	...sendWhatsApp.description,
];
