/**
 * On demand (`npm run bench:ingest-memory`, i.e. `node --expose-gc bench/ingestMemory.bench.js`
 * after a build): what remembering
 * events for retry dropping costs the ingest trigger per request, as the remembered set
 * grows to its default bound, how large the node's static data (saved by n8n after
 * each new event) becomes, and how much heap the store takes at 10,000 keys (the process
 * memory and the static data object together, measured after garbage collection). Reported as ratios to the cost with 100 remembered events, so the
 * numbers mean the same on any machine.
 */
const { ProcessMemory, admitEvent } = require('../dist/nodes/SmsGatewayIngest/recentEvents');

const settings = { windowSeconds: 24 * 3600 };
const now = Math.floor(Date.now() / 1000);

/**
 * Milliseconds per new event in the steady state of a bound of `remembered` (each new
 * event pushes the oldest out), best of five batches; and the static data's size there.
 */
function costPerEvent(remembered, batch = 500) {
	const bounded = { ...settings, maxRemembered: remembered };
	const memory = new ProcessMemory();
	const staticData = {};
	for (let n = 0; n < remembered; n++) admitEvent(memory, staticData, `fill|${n}`, now, bounded, now);
	const bytes = Buffer.byteLength(JSON.stringify(staticData));
	let best = Infinity;
	for (let round = 0; round < 5; round++) {
		const started = process.hrtime.bigint();
		for (let n = 0; n < batch; n++) admitEvent(memory, staticData, `sample|${round}|${n}`, now, bounded, now);
		best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6 / batch);
	}
	return { elapsed: best, bytes };
}

costPerEvent(1_000); // warm-up: let the JIT compile before anything is measured
const base = costPerEvent(100);
console.log('remembered  µs/event  cost vs 100  static data');
for (const remembered of [100, 1_000, 5_000, 10_000]) {
	const { elapsed, bytes } = costPerEvent(remembered);
	console.log(
		`${String(remembered).padStart(10)}  ${(elapsed * 1000).toFixed(0).padStart(8)}  ${(elapsed / base.elapsed).toFixed(1).padStart(10)}x  ${(bytes / 1024).toFixed(0).padStart(8)} KiB`,
	);
}

/** Heap bytes held by a store of `remembered` keys: its process memory and its static data. */
function heapOfStore(remembered) {
	if (typeof global.gc !== 'function') return undefined;
	const bounded = { ...settings, maxRemembered: remembered };
	global.gc();
	const before = process.memoryUsage().heapUsed;
	const memory = new ProcessMemory();
	const staticData = {};
	for (let n = 0; n < remembered; n++) admitEvent(memory, staticData, `device-${n % 7}|${100_000 + n}`, now, bounded, now);
	global.gc();
	const bytes = process.memoryUsage().heapUsed - before;
	if (Object.keys(staticData).length === 0 || !memory) throw new Error('the store stayed empty');
	return bytes;
}

const heap = heapOfStore(10_000);
console.log(
	heap === undefined
		? 'heap of the store: run with node --expose-gc to measure it'
		: `heap of the store at 10,000 keys: ${(heap / 1024 / 1024).toFixed(2)} MiB (${(heap / 10_000).toFixed(0)} bytes a key)`,
);
