/**
 * The node as n8n's editor reads it: the outputs n8n computes from the `outputs`
 * expression, and every operation in the menus has code behind it.
 */
import { NodeHelpers, Workflow, type INode, type INodeType, type INodeTypes } from 'n8n-workflow';

import { SmsGateway } from '../../nodes/SmsGateway/SmsGateway.node';
import { hasSkippedOutput, isRouted } from '../../nodes/SmsGateway/actions/router';

const nodeType = new SmsGateway();

function nodeWith(parameters: INode['parameters']): INode {
	return { id: '1', name: 'SMS Gateway', type: 'n8n-nodes-sms-gateway.smsGateway', typeVersion: 1, position: [0, 0], parameters };
}

/** The outputs n8n shows for the node with these parameters (n8n evaluates the expression). */
function outputsFor(parameters: INode['parameters']) {
	const node = nodeWith(parameters);
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType as INodeType,
		getByNameAndVersion: () => nodeType as INodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return NodeHelpers.getNodeOutputs(workflow, node, nodeType.description);
}

/** Every [resource, operation] pair the editor offers. */
function offeredOperations(): Array<[string, string]> {
	const resources = nodeType.description.properties.find((property) => property.name === 'resource')?.options ?? [];
	return resources.flatMap((resource) => {
		const value = String((resource as { value: string }).value);
		const menu = nodeType.description.properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(value),
		);
		return (menu?.options ?? []).map((option): [string, string] => [value, String((option as { value: string }).value)]);
	});
}

describe('SMS Gateway node description', () => {
	it('shows Replied and Skipped outputs for Reply, one output otherwise', () => {
		expect(outputsFor({ resource: 'event', operation: 'reply' })).toEqual([
			{ type: 'main', displayName: 'Replied' },
			{ type: 'main', displayName: 'Skipped' },
		]);
		expect(outputsFor({ resource: 'message', operation: 'sendSms' })).toEqual(['main']);
	});

	it('routes every operation it offers, and gives the Skipped output only to Reply', () => {
		const offered = offeredOperations();
		expect(offered).toEqual([
			['message', 'sendSms'],
			['message', 'sendWhatsApp'],
			['ussd', 'sendRequest'],
			['event', 'deliverToWebhook'],
			['event', 'reply'],
		]);
		expect(offered.filter(([resource, operation]) => !isRouted(resource, operation))).toEqual([]);
		expect(offered.filter(([, operation]) => hasSkippedOutput(operation))).toEqual([['event', 'reply']]);
	});

	it('can be used as an AI agent tool and has a credential test for each credential', () => {
		expect(nodeType.description.usableAsTool).toBe(true);
		const credentials = nodeType.description.credentials ?? [];
		expect(credentials.map(({ name, testedBy }) => [name, testedBy])).toEqual([
			['smsGatewayApi', 'smsGatewayApiTest'],
			['smsGatewayWebhookApi', 'smsGatewayWebhookSecretTest'],
		]);
		expect(Object.keys(nodeType.methods.credentialTest)).toEqual(['smsGatewayApiTest', 'smsGatewayWebhookSecretTest']);
	});

	it('asks for the gateway API credential for sends and replies, the webhook secret for deliveries', () => {
		const [api, webhook] = nodeType.description.credentials ?? [];
		expect(api.displayOptions).toEqual({ hide: { operation: ['deliverToWebhook'] } });
		expect(webhook.displayOptions).toEqual({ show: { resource: ['event'], operation: ['deliverToWebhook'] } });
	});
});
