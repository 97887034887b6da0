import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { sendSms } from '../../api';
import { deviceProperty, readSim, requiredText, sendOptions, simProperty, timeoutMs, type CommonSendOptions } from '../common';

interface SendSmsOptions extends CommonSendOptions {
	priority?: boolean;
}

const properties: INodeProperties[] = [
	{
		displayName: 'Recipients',
		name: 'recipients',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+639171234567, +639181234567',
		description: 'One or more phone numbers, separated by commas or new lines',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: 'The text to send',
	},
	{ ...deviceProperty, description: `${deviceProperty.description} Optional with SMSGate (the phone itself).` },
	simProperty,
	sendOptions([
		{
			displayName: 'High Priority',
			name: 'priority',
			type: 'boolean',
			default: false,
			description: 'Whether to send before messages already queued at the gateway',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendSms'] } }, properties);

/** Recipients from a list parameter or an expression that returns an array. */
export function parseRecipients(value: unknown): string[] {
	const entries = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[,;\n]/);
	return [...new Set(entries.map((entry) => entry.trim()).filter((entry) => entry !== ''))];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const recipients = parseRecipients(this.getNodeParameter('recipients', itemIndex, ''));
	if (recipients.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Recipients is empty: give at least one phone number', { itemIndex });
	}
	const text = requiredText(this, 'message', 'Message', itemIndex);
	const device = String(this.getNodeParameter('device', itemIndex, '')).trim();
	const sim = readSim(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as SendSmsOptions;

	const sent = await sendSms.call(this, {
		recipients,
		text,
		device,
		sim,
		priority: options.priority === true,
		timeoutMs: timeoutMs(options),
		itemIndex,
	});
	return sent.map((message) => ({
		json: { channel: 'sms', ...message, device, sim },
		pairedItem: { item: itemIndex },
	}));
}
