import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { sendUssd } from '../../api';
import { deviceProperty, readSim, requiredText, sendOptions, simProperty, timeoutMs, type CommonSendOptions } from '../common';

const properties: INodeProperties[] = [
	{ ...deviceProperty, required: true },
	simProperty,
	{
		displayName: 'USSD Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: '*143#',
		description: 'The code the phone dials. The answer arrives later as a USSD event at the SMS Gateway Trigger.',
	},
	sendOptions(),
];

export const description = updateDisplayOptions({ show: { resource: ['ussd'], operation: ['sendRequest'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const device = requiredText(this, 'device', 'Device', itemIndex);
	const sim = readSim(this, itemIndex);
	const code = requiredText(this, 'code', 'USSD Code', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as CommonSendOptions;

	const { messageId } = await sendUssd.call(this, { device, sim, code, timeoutMs: timeoutMs(options), itemIndex });
	return [{ json: { channel: 'ussd', messageId, status: 'queued', device, sim, code }, pairedItem: { item: itemIndex } }];
}
