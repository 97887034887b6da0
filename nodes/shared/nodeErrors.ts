/**
 * Errors as n8n shows them. Nodes throw `NodeApiError` (the gateway said no, or could
 * not be reached) or `NodeOperationError` (bad parameters, bad input); anything else that
 * escapes is a bug and is wrapped so that it still names the node and the item.
 */
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
