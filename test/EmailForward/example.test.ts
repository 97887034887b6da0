/**
 * examples/2-forward-to-email.json (imported by `npm start`) stays in step with the node:
 * every parameter it sets exists, with an allowed value.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { INodeProperties } from 'n8n-workflow';

import { EmailForward } from '../../nodes/EmailForward/EmailForward.node';

interface ExampleNode {
	type: string;
	parameters: Record<string, unknown>;
}

const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', '2-forward-to-email.json'), 'utf8')) as {
	nodes: ExampleNode[];
};

function checkParameters(values: Record<string, unknown>, properties: INodeProperties[], where: string): void {
	for (const [name, value] of Object.entries(values)) {
		const property = properties.find((candidate) => candidate.name === name);
		expect({ where, name, known: property !== undefined }).toEqual({ where, name, known: true });
		if (property?.type === 'options') {
			expect(property.options?.map((option) => ('value' in option ? option.value : undefined))).toContain(value);
		}
		if (property?.type === 'collection') {
			checkParameters(value as Record<string, unknown>, property.options as INodeProperties[], `${where}.${name}`);
		}
	}
}

test('the Email Forward node of the example sets only parameters the node has', () => {
	const node = example.nodes.find((candidate) => candidate.type === 'n8n-nodes-sms-gateway.emailForward');
	expect(node).toBeDefined();
	checkParameters(node!.parameters, new EmailForward().description.properties, 'parameters');
});
