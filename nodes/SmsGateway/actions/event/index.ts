import type { INodeProperties } from 'n8n-workflow';

import * as deliverToWebhook from './deliverToWebhook.operation';
import * as reply from './reply.operation';

export { deliverToWebhook, reply };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Deliver to Webhook',
				value: 'deliverToWebhook',
				action: 'Deliver an event to webhook URLs',
				description: 'Post the event to webhook URLs exactly as the hosted platform does, with its secret',
			},
			{
				name: 'Reply',
				value: 'reply',
				action: 'Reply to an event',
				description: 'Auto-reply to an incoming SMS or WhatsApp chat, with loop and opt-out protection',
			},
		],
		default: 'reply',
	},
	...deliverToWebhook.description,
	...reply.description,
];
