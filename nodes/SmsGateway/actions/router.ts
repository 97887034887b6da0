/**
 * The per-item loop of the SMS Gateway node, in one place: which operation runs, and
 * what a failure becomes (an error item with `continueOnFail()`, else a thrown error
 * naming the item).
 *
 * Operations export `execute(this, itemIndex)` returning the items for the main output,
 * each with `pairedItem`. Reply also has a second output, `Skipped`, so it returns
 * `{ main, skipped }`.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../../shared/nodeErrors';
import * as event from './event';
import * as message from './message';
import * as ussd from './ussd';

type OperationResult = INodeExecutionData[] | { main: INodeExecutionData[]; skipped: INodeExecutionData[] };

interface Operation {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}

const operations: Record<string, Record<string, Operation>> = {
	message: { sendSms: message.sendSms, sendWhatsApp: message.sendWhatsApp },
	ussd: { sendRequest: ussd.sendRequest },
	event: { reply: event.reply, deliverToWebhook: event.deliverToWebhook },
};

/** Whether the router has an operation for `resource` and `operation`. */
export function isRouted(resource: string, operation: string): boolean {
	return operations[resource]?.[operation] !== undefined;
}

/** Operations with the second output `Skipped`; must agree with the node's `outputs`. */
export function hasSkippedOutput(operation: string): boolean {
	return operation === 'reply';
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const main: INodeExecutionData[] = [];
	const skipped: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operationName = this.getNodeParameter('operation', itemIndex) as string;
		const operation = operations[resource]?.[operationName];
		try {
			if (!operation) {
				throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`, {
					itemIndex,
				});
			}
			const result = await operation.execute.call(this, itemIndex);
			if (Array.isArray(result)) {
				main.push(...result);
			} else {
				main.push(...result.main);
				skipped.push(...result.skipped);
			}
		} catch (error) {
			if (this.continueOnFail()) {
				main.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	}
	return hasSkippedOutput(this.getNodeParameter('operation', 0) as string) ? [main, skipped] : [main];
}
