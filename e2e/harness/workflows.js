/**
 * Workflow and credential JSON for n8n's `import:workflow` / `import:credentials`, built
 * from a trigger node and the sinks its outputs lead to.
 */

/** The pack's node types, as n8n names them once the pack is installed as a community package. */
const PACK = 'n8n-nodes-sms-gateway';
const nodeType = (name) => `${PACK}.${name}`;

/**
 * An HTTP Request node that POSTs each item, as JSON, to `url`: what reaches the sink is
 * exactly the item n8n produced.
 */
function httpSinkNode(name, url, position) {
	return {
		id: `sink-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json) }}',
			options: {},
		},
	};
}

/**
 * A workflow whose trigger's outputs each lead to an HTTP sink.
 * @param {{ id: string, name: string, trigger: object, sinkUrls: string[] }} spec
 *   trigger: the trigger node (with `name`, `webhookId`, …); sinkUrls: one per output, in order
 */
function workflowWithSinks({ id, name, trigger, sinkUrls }) {
	const sinks = sinkUrls.map((url, output) => httpSinkNode(`Sink ${output + 1}`, url, [480, output * 200]));
	return {
		id,
		name,
		active: false,
		nodes: [{ position: [240, 0], ...trigger }, ...sinks],
		connections: {
			[trigger.name]: {
				main: sinks.map((sink) => [{ node: sink.name, type: 'main', index: 0 }]),
			},
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** A credential for `import:credentials`: plain `data`, encrypted by n8n on import. */
function credential({ id, name, type, data }) {
	return { id, name, type, data };
}

module.exports = { PACK, nodeType, httpSinkNode, workflowWithSinks, credential };
