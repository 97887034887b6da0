#!/usr/bin/env node
/**
 * Issue 8, benchmark 2: the trigger path in a real n8n. The same form-encoded SMS events
 * (the platform's real body) posted at a fixed concurrency to
 *   A: SMS Gateway Trigger → No Operation
 *   B: what a user builds from built-in nodes: Webhook (answers at once) → IF (secret
 *      equals) → Switch (type) → Edit Fields (typed fields from `data[...]`) → No Operation
 * in the same n8n, alternating A and B round by round. Before measuring, copies of both
 * workflows ending in an HTTP sink show that A and B produce the same item.
 *
 * Usage: node bench/trigger.bench.js [rounds=3] [events=2000] [concurrency=20]
 * (builds and packs the project; n8n from the e2e harness cache.)
 */
const crypto = require('node:crypto');

const { credential, httpSinkNode, startHttpSink } = require('../e2e/harness');
const { smsForm } = require('./lib/bodies');
const { noOpNode, packTriggerNode, secretCheckNode, smsFieldsNode, typeSwitchNode, webhookNode } = require('./lib/nodes');
const { log, startN8n, workflow } = require('./lib/n8n');
const { describeRun, report, runMain, runRounds } = require('./lib/rounds');

const ROUNDS = Number(process.argv[2] ?? 3);
const EVENTS = Number(process.argv[3] ?? 2000);
const CONCURRENCY = Number(process.argv[4] ?? 20);

const SECRET = `bench-${crypto.randomBytes(16).toString('hex')}`;
const WEBHOOK_CREDENTIAL = { id: 'benchTriggerWh01', name: 'SMS Gateway webhook (bench)' };
const FORM = 'application/x-www-form-urlencoded';

/** A: the pack's trigger, then `last`. */
function packWorkflow(id, webhookId, last) {
	const trigger = packTriggerNode({ webhookId, credential: WEBHOOK_CREDENTIAL });
	return workflow({ id, name: `bench: pack trigger (${webhookId})`, nodes: [trigger, last], links: [[trigger.name, last.name]] });
}

/** B: the built-in equivalent, then `last`; only SMS events are posted, so only that branch runs. */
function builtinWorkflow(id, path, last) {
	const nodes = [webhookNode({ path, webhookId: path }), secretCheckNode(SECRET), typeSwitchNode(), smsFieldsNode(), last];
	const links = [
		['Webhook', 'Secret Matches'],
		['Secret Matches', 'By Type'],
		['By Type', 'SMS Fields'],
		['SMS Fields', last.name],
	];
	return workflow({ id, name: `bench: built-in (${path})`, nodes, links });
}

async function checkSameItems(n8n, sink) {
	const body = smsForm(SECRET);
	for (const url of [`${n8n.instance.baseUrl}/webhook/bench-check-pack/sms-gateway`, `${n8n.instance.baseUrl}/webhook/bench-check-builtin`]) {
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': FORM }, body });
		if (response.status !== 200) throw new Error(`check post to ${url}: ${response.status}`);
	}
	const [pack, builtin] = await Promise.all([sink.waitForHits('/pack', 1), sink.waitForHits('/builtin', 1)]);
	// The same fields and values, whatever their order.
	const canonical = (item) => JSON.stringify(Object.keys(item).sort().map((key) => [key, item[key]]));
	if (canonical(pack[0].body) !== canonical(builtin[0].body)) {
		throw new Error(`A and B differ:\n${JSON.stringify(pack[0].body)}\n${JSON.stringify(builtin[0].body)}`);
	}
	log(`A and B both emit ${JSON.stringify(pack[0].body)}`);
}

async function main() {
	const sink = await startHttpSink();
	const n8n = await startN8n({
		credentials: [credential({ ...WEBHOOK_CREDENTIAL, type: 'smsGatewayWebhookApi', data: { secret: SECRET } })],
		workflows: [
			packWorkflow('benchTrigPack001', 'bench-pack', noOpNode()),
			builtinWorkflow('benchTrigBuilt01', 'bench-builtin', noOpNode()),
			packWorkflow('benchTrigPackChk', 'bench-check-pack', httpSinkNode('Sink', `${sink.url}/pack`, [240, 0])),
			builtinWorkflow('benchTrigBuiltCk', 'bench-check-builtin', httpSinkNode('Sink', `${sink.url}/builtin`, [880, 0])),
		],
	});
	try {
		await checkSameItems(n8n, sink);
		const form = (index, round) => smsForm(SECRET, { id: (round + 2) * 100_000 + index });
		const samples = await runRounds(
			[
				{
					name: 'A: SMS Gateway Trigger → No Op',
					url: `${n8n.instance.baseUrl}/webhook/bench-pack/sms-gateway`,
					contentType: FORM,
					body: form,
					completed: () => n8n.successes('benchTrigPack001'),
				},
				{
					name: 'B: Webhook → IF → Switch → Edit Fields → No Op',
					url: `${n8n.instance.baseUrl}/webhook/bench-builtin`,
					contentType: FORM,
					body: form,
					completed: () => n8n.successes('benchTrigBuilt01'),
				},
			],
			{ rounds: ROUNDS, events: EVENTS, concurrency: CONCURRENCY, log },
		);
		describeRun('trigger benchmark', { n8n, rounds: ROUNDS, events: EVENTS, concurrency: CONCURRENCY });
		report(samples);
	} finally {
		await n8n.dispose();
		await sink.close();
	}
}

runMain(main);
