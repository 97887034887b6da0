#!/usr/bin/env node
/**
 * Issue 8, benchmark 3: the auto-reply recipe end to end in a real n8n. The platform's
 * form-encoded SMS, each from a different sender, posted at a fixed concurrency to
 *   A: SMS Gateway Trigger → SMS Gateway (Event → Reply, protections on, default settings)
 *   B: Webhook → IF (secret) → Edit Fields (typed fields) → HTTP Request (the platform's
 *      /send/sms form with the API secret)
 * both replying through one fake platform API on loopback, which counts the replies.
 * Distinct senders, so that A's rate limit (1 reply per sender per 10 minutes) answers
 * every one; A still does all its checks and records each sender in static data.
 *   A′: A without the protections that remember senders (rate limit, repeated text, STOP
 *      keywords), so nothing is kept in static data: B's guarantees, the pack's nodes.
 *
 * Usage: node bench/autoReply.bench.js [rounds=3] [events=500] [concurrency=20]
 */
const crypto = require('node:crypto');

const { credential, nodeType } = require('../e2e/harness');
const { smsForm } = require('./lib/bodies');
const { packTriggerNode, secretCheckNode, smsFieldsNode, webhookNode } = require('./lib/nodes');
const { startFakePlatform } = require('./lib/fakePlatform');
const { log, startN8n, workflow } = require('./lib/n8n');
const { describeRun, report, runMain, runRounds } = require('./lib/rounds');

const ROUNDS = Number(process.argv[2] ?? 3);
const EVENTS = Number(process.argv[3] ?? 500);
const CONCURRENCY = Number(process.argv[4] ?? 20);

const WEBHOOK_SECRET = `bench-${crypto.randomBytes(16).toString('hex')}`;
const API_SECRET = `bench-api-${crypto.randomBytes(16).toString('hex')}`;
const WEBHOOK_CREDENTIAL = { id: 'benchReplyWh0001', name: 'SMS Gateway webhook (bench)' };
const API_CREDENTIAL = { id: 'benchReplyApi001', name: 'SMS Gateway API (bench)' };
const REPLY = 'Thanks! We will text you back soon.';
const FORM = 'application/x-www-form-urlencoded';

/** A: the pack's recipe; `protections: false` switches off those that remember senders. */
function packWorkflow({ id, webhookId, protections = true }) {
	const trigger = packTriggerNode({ webhookId, credential: WEBHOOK_CREDENTIAL, parameters: { events: ['sms', 'whatsapp'] } });
	const reply = {
		id: 'pack-reply',
		name: 'Auto Reply',
		type: nodeType('smsGateway'),
		typeVersion: 1,
		position: [240, 0],
		parameters: {
			resource: 'event',
			operation: 'reply',
			replyWith: 'text',
			text: REPLY,
			...(protections ? {} : { limitReplies: false, skipRepeatedText: false, honorStopKeywords: false }),
		},
		credentials: { smsGatewayApi: API_CREDENTIAL },
	};
	return workflow({ id, name: `bench: pack auto-reply (${webhookId})`, nodes: [trigger, reply], links: [[trigger.name, reply.name]] });
}

function builtinWorkflow(platformUrl) {
	const send = {
		id: 'builtin-send',
		name: 'Send Reply',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [880, 0],
		parameters: {
			method: 'POST',
			url: `${platformUrl}/api/send/sms`,
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: {
				parameters: [
					['mode', 'devices'],
					['phone', '={{ $json.phone }}'],
					['message', REPLY],
					['device', '={{ $json.device }}'],
					['sim', '={{ $json.sim }}'],
					['priority', '2'],
					['secret', API_SECRET],
				].map(([name, value]) => ({ name, value })),
			},
			options: {},
		},
	};
	const nodes = [webhookNode({ path: 'bench-reply-builtin', webhookId: 'bench-reply-builtin' }), secretCheckNode(WEBHOOK_SECRET), smsFieldsNode([440, 0]), send];
	const links = [
		['Webhook', 'Secret Matches'],
		['Secret Matches', 'SMS Fields'],
		['SMS Fields', 'Send Reply'],
	];
	return workflow({ id: 'benchReplyBuilt1', name: 'bench: built-in auto-reply', nodes, links });
}

async function main() {
	const platform = await startFakePlatform(API_SECRET);
	const n8n = await startN8n({
		credentials: [
			credential({ ...WEBHOOK_CREDENTIAL, type: 'smsGatewayWebhookApi', data: { secret: WEBHOOK_SECRET } }),
			credential({ ...API_CREDENTIAL, type: 'smsGatewayApi', data: { provider: 'platform', baseUrl: `${platform.url}/api`, apiSecret: API_SECRET } }),
		],
		workflows: [
			packWorkflow({ id: 'benchReplyPack01', webhookId: 'bench-reply-pack' }),
			packWorkflow({ id: 'benchReplyPack02', webhookId: 'bench-reply-bare', protections: false }),
			builtinWorkflow(platform.url),
		],
	});
	try {
		// Every event from its own sender: +63917 and a number unique to the variant, round and event.
		const from = (variant) => (index, round) =>
			smsForm(WEBHOOK_SECRET, { id: index + 1, phone: `+63917${variant}${String((round + 1) * 100_000 + index).padStart(6, '0')}`, message: 'price?' });
		// Both variants reply through the same fake: each round waits for all its replies, so
		// the count reached is this variant's.
		const replies = () => platform.accepted();
		const samples = await runRounds(
			[
				{ name: 'A: Trigger → Reply', url: `${n8n.instance.baseUrl}/webhook/bench-reply-pack/sms-gateway`, contentType: FORM, body: from(1), completed: replies },
				{ name: 'A′: Trigger → Reply, no rate limit, repeat or STOP check', url: `${n8n.instance.baseUrl}/webhook/bench-reply-bare/sms-gateway`, contentType: FORM, body: from(3), completed: replies },
				{ name: 'B: Webhook → IF → Edit Fields → HTTP Request', url: `${n8n.instance.baseUrl}/webhook/bench-reply-builtin`, contentType: FORM, body: from(2), completed: replies },
			],
			{ rounds: ROUNDS, events: EVENTS, concurrency: CONCURRENCY, log },
		);
		if (platform.refused() > 0) throw new Error(`the fake platform refused ${platform.refused()} sends`);
		describeRun('auto-reply benchmark', { n8n, rounds: ROUNDS, events: EVENTS, concurrency: CONCURRENCY, note: '"completed" = replies counted at the fake platform' });
		report(samples);
	} finally {
		await n8n.dispose();
		await platform.close();
	}
}

runMain(main);
