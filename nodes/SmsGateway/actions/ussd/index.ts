import type { INodeProperties } from 'n8n-workflow';

import * as sendRequest from './sendRequest.operation';

export { sendRequest };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ussd'] } },
		options: [
			{
				name: 'Send Request',
				value: 'sendRequest',
				action: 'Send a USSD request',
				description: 'Dial a USSD code such as *143# on a phone of the gateway',
			},
		],
		default: 'sendRequest',
	},
	...sendRequest.description,
];
