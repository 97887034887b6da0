import type { INodeProperties } from 'n8n-workflow';

import * as reply from './reply.operation';

export { reply };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			// "Deliver to Webhook" (value `deliverToWebhook`) goes here, with its operation
			// module beside reply.operation.ts and its entry in ../router.ts.
			{
				name: 'Reply',
				value: 'reply',
				action: 'Reply to an event',
				description: 'Auto-reply to an incoming SMS or WhatsApp chat, with loop and opt-out protection',
			},
		],
		default: 'reply',
	},
	...reply.description,
];
