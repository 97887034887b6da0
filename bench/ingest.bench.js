#!/usr/bin/env node
/**
 * Issue 8, benchmark 5: the ingest trigger in a real n8n, retry dropping on (its default:
 * 24 h, at most 10,000 events remembered). Canonical JSON events with distinct `rid`s, the
 * device token in the URL, posted at a fixed concurrency to
 *   A: SMS Gateway Ingest Trigger → No Operation
 *   B: SMS Gateway Trigger → No Operation, the same event as the platform's JSON (secret,
 *      no retry memory): what remembering events and the token check cost on top
 * alternating round by round. Every new event changes the node's static data, which n8n
 * saves after the request, so the remembered set grows over the run (printed per round).
 * The memory of the store itself at 10,000 keys: bench/ingestMemory.bench.js.
 *
 * Usage: node bench/ingest.bench.js [rounds=3] [events=2000] [concurrency=20]
 */
const crypto = require('node:crypto');

const { credential, nodeType } = require('../e2e/harness');
const { noOpNode } = require('./lib/nodes');
const { log, startN8n, workflow } = require('./lib/n8n');
const { describeRun, report, runMain, runRounds } = require('./lib/rounds');

const ROUNDS = Number(process.argv[2] ?? 3);
const EVENTS = Number(process.argv[3] ?? 2000);
const CONCURRENCY = Number(process.argv[4] ?? 20);

const TOKEN = `bench-token-${crypto.randomBytes(16).toString('hex')}`;
const SECRET = `bench-${crypto.randomBytes(16).toString('hex')}`;
const DEVICE_CREDENTIAL = { id: 'benchIngestDev01', name: 'SMS Gateway device (bench)' };
const WEBHOOK_CREDENTIAL = { id: 'benchIngestWh001', name: 'SMS Gateway webhook (bench)' };

function triggerWorkflow(id, trigger) {
	const noOp = noOpNode('No Operation', [240, 0]);
	return workflow({ id, name: `bench: ${trigger.name}`, nodes: [{ position: [0, 0], typeVersion: 1, ...trigger }, noOp], links: [[trigger.name, noOp.name]] });
}

/** The `index`-th event of `round`: its own rid, the rest as a phone posts it. */
const event = (index, round) => ({
	type: 'sms',
	data: { rid: (round + 2) * 100_000 + index, sim: 1, device: 'bench-device', phone: '+639760713666', message: 'Hello from the phone', timestamp: 1719045971 },
});

async function main() {
	const n8n = await startN8n({
		credentials: [
			credential({ ...DEVICE_CREDENTIAL, type: 'smsGatewayDeviceApi', data: { tokens: `${TOKEN}:Bench phone`, smsGateSigningSecret: '', forwarderSigningSecret: '' } }),
			credential({ ...WEBHOOK_CREDENTIAL, type: 'smsGatewayWebhookApi', data: { secret: SECRET } }),
		],
		workflows: [
			triggerWorkflow('benchIngest00001', {
				id: 'ingest',
				name: 'SMS Gateway Ingest Trigger',
				type: nodeType('smsGatewayIngestTrigger'),
				webhookId: 'bench-ingest',
				parameters: { path: 'sms-gateway-ingest' },
				credentials: { smsGatewayDeviceApi: DEVICE_CREDENTIAL },
			}),
			triggerWorkflow('benchIngestTrig1', {
				id: 'trigger',
				name: 'SMS Gateway Trigger',
				type: nodeType('smsGatewayTrigger'),
				webhookId: 'bench-ingest-trigger',
				parameters: { path: 'sms-gateway' },
				credentials: { smsGatewayWebhookApi: WEBHOOK_CREDENTIAL },
			}),
		],
	});
	try {
		const base = n8n.instance.baseUrl;
		const samples = await runRounds(
			[
				{
					name: 'A: Ingest Trigger (retry memory) → No Op',
					url: `${base}/webhook/bench-ingest/sms-gateway-ingest?token=${TOKEN}`,
					contentType: 'application/json',
					body: (index, round) => JSON.stringify(event(index, round)),
					completed: () => n8n.successes('benchIngest00001'),
				},
				{
					name: 'B: SMS Gateway Trigger → No Op',
					url: `${base}/webhook/bench-ingest-trigger/sms-gateway`,
					contentType: 'application/json',
					body: (index, round) => {
						// The platform's own events carry its `id` too.
						const { type, data } = event(index, round);
						return JSON.stringify({ secret: SECRET, type, data: { id: data.rid, ...data } });
					},
					completed: () => n8n.successes('benchIngestTrig1'),
				},
			],
			{ rounds: ROUNDS, events: EVENTS, concurrency: CONCURRENCY, log },
		);
		describeRun('ingest benchmark', { n8n, rounds: ROUNDS, events: EVENTS, concurrency: CONCURRENCY, note: `A remembers ${Math.min(10_000, ROUNDS * EVENTS + Math.min(EVENTS, 200))} events at the end` });
		report(samples);
	} finally {
		await n8n.dispose();
	}
}

runMain(main);
