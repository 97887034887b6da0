/**
 * A/B rounds against a real n8n: each round posts the same number of events to each
 * variant in turn (the order alternating round by round, so that machine noise hits them
 * alike), waits until the variant's work is done, and keeps per round: events/s accepted
 * (answers received), events/s completed (the last execution or reply done), p50/p99
 * response latency.
 */
const { postConcurrently } = require('./load');
const { median, percentile, spread, printTable } = require('./stats');
const { sleep } = require('./n8n');

const COMPLETION_TIMEOUT_MS = 180_000;

/**
 * @typedef {{ name: string, url: string, contentType: string, body: (index: number, round: number) => string,
 *   expectStatus?: number, completed: () => Promise<number> | number }} Variant
 *   completed: how many events this variant has finished so far (executions, replies)
 */

async function waitUntil(completed, count) {
	const deadline = Date.now() + COMPLETION_TIMEOUT_MS;
	for (;;) {
		const done = await completed();
		if (done >= count) return Number(process.hrtime.bigint()) / 1e6;
		if (Date.now() > deadline) throw new Error(`${done} of ${count} events completed within ${COMPLETION_TIMEOUT_MS / 1000} s`);
		await sleep(20);
	}
}

/** One variant, one round: `events` posts at `concurrency`, then its completions. */
async function runOnce(variant, { events, concurrency, round }) {
	const before = await variant.completed();
	const started = Number(process.hrtime.bigint()) / 1e6;
	const load = await postConcurrently({
		url: variant.url,
		count: events,
		concurrency,
		contentType: variant.contentType,
		body: (index) => variant.body(index, round),
	});
	const expected = variant.expectStatus ?? 200;
	if (load.statuses[expected] !== events) {
		throw new Error(`${variant.name}: expected ${events} answers ${expected}, got ${JSON.stringify(load.statuses)}`);
	}
	const finished = await waitUntil(variant.completed, before + events);
	return {
		accepted: events / (load.elapsedMs / 1000),
		completed: events / ((finished - started) / 1000),
		p50: percentile(load.latenciesMs, 50),
		p99: percentile(load.latenciesMs, 99),
	};
}

/**
 * Runs a warm-up round (not counted) and `rounds` measured rounds.
 * @param {Variant[]} variants
 * @returns {Promise<Record<string, { accepted: number[], completed: number[], p50: number[], p99: number[] }>>}
 */
async function runRounds(variants, { rounds, events, concurrency, warmUpEvents = Math.min(events, 200), log = () => {} }) {
	for (const variant of variants) await runOnce(variant, { events: warmUpEvents, concurrency, round: -1 });
	const samples = Object.fromEntries(variants.map(({ name }) => [name, { accepted: [], completed: [], p50: [], p99: [] }]));
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 ? [...variants].reverse() : variants;
		for (const variant of order) {
			const result = await runOnce(variant, { events, concurrency, round });
			for (const key of Object.keys(result)) samples[variant.name][key].push(result[key]);
			log(`round ${round + 1}/${rounds} ${variant.name}: ${result.completed.toFixed(0)} completed/s, p99 ${result.p99.toFixed(1)} ms`);
		}
	}
	return samples;
}

/** Prints medians (min–max) per variant, and each variant's ratios to the last one (the baseline). */
function report(samples) {
	const names = Object.keys(samples);
	printTable(
		['variant', 'accepted events/s', 'completed events/s', 'p50 ms', 'p99 ms'],
		names.map((name) => {
			const s = samples[name];
			return [name, spread(s.accepted, 0), spread(s.completed, 0), spread(s.p50, 1), spread(s.p99, 1)];
		}),
	);
	const baseline = names.at(-1);
	const ratio = (name, key) => (median(samples[name][key]) / median(samples[baseline][key])).toFixed(2);
	console.log('');
	printTable(
		['ratio to baseline', 'accepted/s', 'completed/s', 'p50', 'p99'],
		names.slice(0, -1).map((name) => [`${name} ÷ ${baseline}`, ratio(name, 'accepted'), ratio(name, 'completed'), ratio(name, 'p50'), ratio(name, 'p99')]),
	);
}


/** The line that says what was measured where: versions, cores, counts, execution saving. */
function describeRun(title, { n8n, rounds, events, concurrency, note = '' }) {
	const os = require('node:os');
	const { executionSettings } = require('./n8n');
	console.log(
		`\n${title}: n8n ${n8n.version}, Node ${process.version}, ${os.cpus().length} cores, ` +
			`${rounds} rounds × ${events} events per variant at concurrency ${concurrency}, ` +
			`successful executions saved: ${executionSettings().saveDataSuccessExecution}${note ? `; ${note}` : ''}\n`,
	);
}

/** Runs a benchmark's `main` and exits (loopback servers and agents would keep the process alive). */
function runMain(main) {
	main().then(
		() => process.exit(0),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}

module.exports = { runRounds, report, describeRun, runMain };
