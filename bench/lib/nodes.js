/**
 * Nodes of the benchmark workflows. The pack's trigger; and the nodes a user would wire from n8n's built-in nodes instead of the pack, for the
 * platform's form-encoded webhook (`secret=…&type=sms&data[id]=2&…`, which n8n parses into
 * flat keys such as `body['data[id]']`): Webhook (answers at once) → IF (secret equals) →
 * Switch (type) → Edit Fields (the `data[...]` keys as typed fields, numbers as numbers).
 */

const { nodeType } = require('../../e2e/harness/workflows');

const WEBHOOK = 'n8n-nodes-base.webhook';

/** The pack's SMS Gateway Trigger on `…/webhook/<webhookId>/sms-gateway`, checking the secret of `credential`. */
function packTriggerNode({ webhookId, credential, parameters = {} }) {
	return {
		id: 'pack-trigger',
		name: 'SMS Gateway Trigger',
		type: nodeType('smsGatewayTrigger'),
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { path: 'sms-gateway', ...parameters },
		credentials: { smsGatewayWebhookApi: credential },
	};
}

function webhookNode({ path, webhookId }) {
	return {
		id: 'builtin-webhook',
		name: 'Webhook',
		type: WEBHOOK,
		typeVersion: 2,
		position: [0, 0],
		webhookId,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

/** A condition of IF/Switch v2 filters: `left` (an expression) equals the string `right`. */
function equalsCondition(id, left, right) {
	return { id, leftValue: left, rightValue: right, operator: { type: 'string', operation: 'equals' } };
}

const filterOptions = { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 };

function secretCheckNode(secret) {
	return {
		id: 'builtin-if-secret',
		name: 'Secret Matches',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [220, 0],
		parameters: {
			conditions: {
				options: filterOptions,
				conditions: [equalsCondition('secret', '={{ $json.body.secret }}', secret)],
				combinator: 'and',
			},
			options: {},
		},
	};
}

/** The platform's event types, one Switch output each (SMS first). */
const TYPES = ['sms', 'whatsapp', 'ussd', 'notifications'];

function typeSwitchNode() {
	return {
		id: 'builtin-switch-type',
		name: 'By Type',
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.2,
		position: [440, 0],
		parameters: {
			rules: {
				values: TYPES.map((type) => ({
					conditions: {
						options: filterOptions,
						conditions: [equalsCondition(type, '={{ $json.body.type }}', type)],
						combinator: 'and',
					},
					renameOutput: true,
					outputKey: type,
				})),
			},
			options: {},
		},
	};
}

/** Edit Fields rebuilding the SMS item the pack's trigger emits, numbers as numbers. */
function smsFieldsNode(position = [660, 0]) {
	const field = (name, type, value) => ({ id: name, name, type, value });
	const form = (key) => `={{ $json.body['data[${key}]'] }}`;
	return {
		id: 'builtin-set-sms',
		name: 'SMS Fields',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					field('type', 'string', 'sms'),
					field('id', 'number', form('id')),
					field('rid', 'number', form('rid')),
					field('sim', 'number', form('sim')),
					field('device', 'string', form('device')),
					field('phone', 'string', form('phone')),
					field('message', 'string', form('message')),
					field('timestamp', 'number', form('timestamp')),
					field('receivedAt', 'string', "={{ new Date($json.body['data[timestamp]'] * 1000).toISOString() }}"),
				],
			},
			includeOtherFields: false,
			options: {},
		},
	};
}

function noOpNode(name = 'No Operation', position = [880, 0]) {
	return { id: `noop-${name.replace(/\W+/g, '-').toLowerCase()}`, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position, parameters: {} };
}

module.exports = { packTriggerNode, webhookNode, secretCheckNode, typeSwitchNode, smsFieldsNode, noOpNode, TYPES };
