/**
 * Parameters and readers that several operations share, so that a device picker or a
 * timeout looks and behaves the same everywhere.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { SimSlot } from '../../shared/events';

export const deviceProperty: INodeProperties = {
	displayName: 'Device Name or ID',
	name: 'device',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getDevices' },
	default: '',
	description:
		'The phone that sends. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const simProperty: INodeProperties = {
	displayName: 'SIM',
	name: 'sim',
	type: 'options',
	options: [
		{ name: 'SIM 1', value: 1 },
		{ name: 'SIM 2', value: 2 },
	],
	default: 1,
	description: 'Which SIM card of the device sends',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 300 },
	default: 30,
	description:
		'How long to wait for the gateway. A send that times out is not repeated, because it may have been sent.',
};

export interface CommonSendOptions {
	timeout?: number;
}

export function timeoutMs(options: CommonSendOptions): number | undefined {
	return options.timeout === undefined ? undefined : Math.round(options.timeout * 1000);
}

/** A required text parameter, trimmed; empty is an error naming the field. */
export function requiredText(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '');
	const text = typeof value === 'string' ? value.trim() : String(value ?? '').trim();
	if (text === '') {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, { itemIndex });
	}
	return text;
}

export function readSim(context: IExecuteFunctions, itemIndex: number): SimSlot {
	const sim = Number(context.getNodeParameter('sim', itemIndex, 1));
	if (sim !== 1 && sim !== 2) {
		throw new NodeOperationError(context.getNode(), `SIM must be 1 or 2 (got ${String(sim)})`, { itemIndex });
	}
	return sim;
}

export const whatsAppAccountProperty: INodeProperties = {
	displayName: 'WhatsApp Account Name or ID',
	name: 'account',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getWhatsAppAccounts' },
	default: '',
	description:
		'The linked WhatsApp account that sends. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** An operation's Options collection; every operation that sends has the timeout. */
export function sendOptions(options: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options, timeoutOption],
	};
}
