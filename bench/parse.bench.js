#!/usr/bin/env node
/**
 * In-process cost of turning one webhook body into a canonical item, next to
 * `JSON.parse` of the same event as the floor (issue 8, benchmark 1).
 *
 * Runs the built code in dist/ (what ships). Variants alternate within each round so
 * that machine noise hits them alike; the report gives medians, spread and ratios.
 * Usage: npm run build && node bench/parse.bench.js [rounds] [eventsPerRound]
 */
const { parse: parseQueryString } = require('querystring');
const { readFileSync } = require('fs');
const { join } = require('path');
const os = require('os');

const { decodeBody } = require('../dist/nodes/shared/body');
const { parseEvent } = require('../dist/nodes/shared/parseEvent');
const { acceptEvent } = require('../dist/nodes/shared/eventTrigger');

const ROUNDS = Number(process.argv[2] ?? 15);
const EVENTS = Number(process.argv[3] ?? 20000);

const fixtures = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'platform-webhooks.txt'), 'utf8').split('\n');
const formBody = fixtures[fixtures.findIndex((line) => line.startsWith('# sms')) + 1].replace(
	'REPLACE_WITH_SECRET',
	'bench-secret',
);
const n8nFormBody = { ...parseQueryString(formBody) };
const jsonBody = JSON.stringify({
	secret: 'bench-secret',
	type: 'sms',
	data: {
		id: 2,
		rid: 10593,
		sim: 1,
		device: '00000000-0000-0000-d57d-f30cb6a89289',
		phone: '+639760713666',
		message: 'Hello World!',
		timestamp: 1645684231,
	},
});
const settings = { events: ['sms', 'whatsapp', 'ussd', 'notification'], outputMode: 'single', filters: {}, options: {} };

const variants = {
	// What the trigger does with the object n8n hands it for a form-encoded request.
	'pack: form body (n8n-parsed) → item': () => acceptEvent(parseEvent(decodeBody(n8nFormBody)), settings),
	// The same, including the querystring step that n8n performs before the node runs.
	'pack: form text → querystring → item': () =>
		acceptEvent(parseEvent(decodeBody({ ...parseQueryString(formBody) })), settings),
	'pack: JSON text → item': () => acceptEvent(parseEvent(decodeBody(JSON.parse(jsonBody))), settings),
	'floor: JSON.parse of the same event': () => JSON.parse(jsonBody),
};

function timeOnce(run) {
	let sink;
	const start = process.hrtime.bigint();
	for (let i = 0; i < EVENTS; i++) sink = run();
	const elapsed = Number(process.hrtime.bigint() - start);
	if (sink === undefined) throw new Error('variant returned nothing');
	return elapsed / EVENTS / 1000; // µs per event
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (const run of Object.values(variants)) timeOnce(run); // warm-up: JIT
for (let round = 0; round < ROUNDS; round++) {
	const names = Object.keys(variants);
	if (round % 2) names.reverse();
	for (const name of names) samples[name].push(timeOnce(variants[name]));
}

const floor = median(samples['floor: JSON.parse of the same event']);
console.log(`parse benchmark: ${ROUNDS} rounds × ${EVENTS} events, node ${process.version}, ${os.cpus().length} cores`);
console.log('variant'.padEnd(42), 'median µs', '   min–max µs', '  × floor');
for (const [name, values] of Object.entries(samples)) {
	const m = median(values);
	const spread = `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
	console.log(name.padEnd(42), m.toFixed(3).padStart(9), spread.padStart(14), (m / floor).toFixed(2).padStart(9));
}
