#!/usr/bin/env node
/**
 * In process: what the Reply operation's protections cost per item as the senders it
 * remembers grow (read the memory from static data, decide, record), each event from a
 * new sender, as in the auto-reply benchmark; and, for scale, n8n's own `JSON.stringify`
 * of that memory when it saves the static data after the execution.
 * Usage: npm run build && node bench/replyMemory.bench.js
 */
const { decideReply, emptyMemory, readMemory, recordReply } = require('../dist/nodes/SmsGateway/reply/policy');
const { printTable } = require('./lib/stats');

const protections = { skipMachineSenders: true, honorStopKeywords: true, limitReplies: true, maxReplies: 1, windowMinutes: 10, skipRepeatedText: true };
const sender = (prefix, n) => ({ type: 'sms', phone: `+63${prefix}${String(n).padStart(7, '0')}`, message: 'price?' });

/** Best of five batches, ms per item: the pack's part, and n8n's save of the result. */
function costPerItem(remembered, batch = 100) {
	const now = Date.now();
	let stored = emptyMemory();
	for (let n = 0; n < remembered; n++) recordReply(stored, sender('917', n), 'Thanks', now);
	let pack = Infinity;
	let save = Infinity;
	for (let round = 0; round < 5; round++) {
		let elapsed = 0;
		let saving = 0;
		for (let n = 0; n < batch; n++) {
			const started = process.hrtime.bigint();
			const memory = readMemory(stored);
			const event = sender(`8${round}`, n);
			const decision = decideReply({ event, protections, memory, now: now + 1, replyText: () => 'Thanks' });
			if (decision.action !== 'reply') throw new Error(`skipped: ${decision.detail}`);
			recordReply(memory, event, decision.text, now + 1);
			const decided = process.hrtime.bigint();
			JSON.stringify(memory);
			saving += Number(process.hrtime.bigint() - decided);
			elapsed += Number(decided - started);
			stored = memory;
		}
		pack = Math.min(pack, elapsed / 1e6 / batch);
		save = Math.min(save, saving / 1e6 / batch);
	}
	return { pack, save };
}

costPerItem(1_000); // warm-up: let the JIT compile before anything is measured
printTable(
	['senders remembered', 'pack ms/item', "n8n's JSON.stringify ms"],
	[100, 2_000, 10_000].map((remembered) => {
		const { pack, save } = costPerItem(remembered);
		return [remembered.toLocaleString('en'), pack.toFixed(3), save.toFixed(3)];
	}),
);
