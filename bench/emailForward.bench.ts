/**
 * Email Forward benchmark (run on demand: `npm run bench:email`, not part of the tests).
 *
 * 500 items to an SMTP server on 127.0.0.1, two ways:
 *   A  the node: one pooled connection per execution, reused for every item;
 *   B  a new connection per item, the way a naive node (or n8n's Send Email node,
 *      which builds a transport for each item) sends.
 * Both build the same messages with the node's own modules; only the connection differs.
 * Two server set-ups: `plain` (no TLS, no login) and `starttls+auth` (port-587 style:
 * STARTTLS with a test certificate, then AUTH), which is what real mailboxes ask for.
 * The rounds alternate A and B (ABBA…) so that drift on the machine hits both alike;
 * the report gives medians, the spread (min–max) and the ratio of the medians.
 *
 * Note: smtp-server waits a fixed 100 ms before its greeting (to catch clients that talk
 * too early), so every new connection costs B at least 100 ms here. The report also
 * gives the ratio with that pause taken out, which is the cost of the handshakes alone.
 */
import { cpus } from 'os';
import { performance } from 'perf_hooks';
import type { IDataObject } from 'n8n-workflow';

import { EmailForward } from '../nodes/EmailForward/EmailForward.node';
import { buildMessage, type ForwardParameters } from '../nodes/EmailForward/message';
import { createSingleUseTransport, type SmtpCredential } from '../nodes/EmailForward/transport';
import { createExecuteContext } from '../test/helpers/n8nContext';
import { type SinkOptions, SmtpSink } from '../test/helpers/smtpSink';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** smtp-server's fixed pause before the greeting of every connection. */
const GREETING_PAUSE_MS = 100;
const LOGIN = { user: 'bench@example.com', pass: 'bench-password' };

interface Scenario {
	name: string;
	sink: SinkOptions;
	credential: Omit<SmtpCredential, 'port'>;
}

const SCENARIOS: Scenario[] = [
	{ name: 'plain', sink: {}, credential: { host: '127.0.0.1', secure: false } },
	{
		name: 'starttls+auth',
		sink: { tls: 'starttls', auth: LOGIN },
		credential: { host: '127.0.0.1', secure: false, user: LOGIN.user, password: LOGIN.pass, ignoreSslIssues: true },
	},
];

const parameters: ForwardParameters = {
	to: 'inbox@example.com',
	from: 'SMS Gateway <gateway@example.com>',
	subject: '',
	bodyFormat: 'htmlAndText',
	options: {},
};

const items: IDataObject[] = Array.from({ length: ITEMS }, (_, index) => ({
	type: 'sms',
	id: index + 1,
	rid: 10_000 + index,
	sim: 1,
	device: '00000000-0000-0000-d57d-f30cb6a89289',
	phone: '+639760713666',
	message: `Your code is ${String(100_000 + index)}. Do not share it.`,
	timestamp: 1_645_684_231 + index,
	receivedAt: new Date((1_645_684_231 + index) * 1000).toISOString(),
}));

interface RunResult {
	ms: number;
	connections: number;
	delivered: number;
}

async function pooled(credential: SmtpCredential): Promise<void> {
	const context = createExecuteContext({
		items: items.map((json) => ({ json })),
		parameters: { ...parameters },
		credentials: { smsGatewaySmtp: { ...credential } },
	});
	const [output] = await new EmailForward().execute.call(context);
	if (output.some((item) => item.json.error !== undefined)) throw new Error('the pooled run had errors');
}

async function connectionPerItem(credential: SmtpCredential): Promise<void> {
	for (const item of items) {
		const transport = createSingleUseTransport(credential);
		try {
			await transport.sendMail(buildMessage(item, parameters));
		} finally {
			transport.close();
		}
	}
}

async function measure(scenario: Scenario, send: (credential: SmtpCredential) => Promise<void>): Promise<RunResult> {
	const sink = await SmtpSink.start(scenario.sink);
	try {
		const credential: SmtpCredential = { ...scenario.credential, port: sink.port };
		const started = performance.now();
		await send(credential);
		const ms = performance.now() - started;
		if (sink.messages.length !== ITEMS) throw new Error(`delivered ${sink.messages.length} of ${ITEMS}`);
		return { ms, connections: sink.connections, delivered: sink.messages.length };
	} finally {
		await sink.stop();
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summary(name: string, runs: RunResult[]) {
	const times = runs.map((run) => run.ms);
	const medianMs = median(times);
	return {
		name,
		medianMs: Math.round(medianMs),
		minMs: Math.round(Math.min(...times)),
		maxMs: Math.round(Math.max(...times)),
		messagesPerSecond: Math.round((ITEMS / medianMs) * 1000),
		connectionsPerRun: runs[0].connections,
	};
}

async function runScenario(scenario: Scenario) {
	// Warm-up: JIT, the certificate, the first sockets; not counted.
	await measure(scenario, pooled);
	await measure(scenario, connectionPerItem);

	const a: RunResult[] = [];
	const b: RunResult[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const order = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
		for (const variant of order) {
			if (variant === 'A') a.push(await measure(scenario, pooled));
			else b.push(await measure(scenario, connectionPerItem));
		}
		process.stderr.write(
			`${scenario.name} round ${round + 1}/${ROUNDS}: A ${Math.round(a[a.length - 1].ms)} ms, B ${Math.round(b[b.length - 1].ms)} ms\n`,
		);
	}
	const pooledSummary = summary('A pooled (the node)', a);
	const perItemSummary = summary('B new connection per item', b);
	const medianA = median(a.map((run) => run.ms));
	const medianB = median(b.map((run) => run.ms));
	const pauses = (run: RunResult) => run.connections * GREETING_PAUSE_MS;
	const ratioWithoutPause = (medianB - pauses(b[0])) / (medianA - pauses(a[0]));
	return {
		scenario: scenario.name,
		results: [pooledSummary, perItemSummary],
		ratio: Number((medianB / medianA).toFixed(1)),
		ratioWithoutGreetingPause: Number(ratioWithoutPause.toFixed(1)),
	};
}

async function main(): Promise<void> {
	const only = process.env.BENCH_SCENARIO;
	const reports = [];
	for (const scenario of SCENARIOS.filter((candidate) => only === undefined || candidate.name === only)) {
		reports.push(await runScenario(scenario));
	}
	console.log(JSON.stringify({ items: ITEMS, rounds: ROUNDS, node: process.version, nproc: cpus().length, reports }, null, 2));
	for (const report of reports) {
		const [pooledRun, perItemRun] = report.results;
		console.log(
			`${report.scenario}: pooled ${report.ratio}× as fast (${report.ratioWithoutGreetingPause}× without the 100 ms greeting pause): ` +
				`median ${pooledRun.medianMs} ms (${pooledRun.minMs}–${pooledRun.maxMs}) vs ${perItemRun.medianMs} ms ` +
				`(${perItemRun.minMs}–${perItemRun.maxMs}) for ${ITEMS} items, ${pooledRun.connectionsPerRun} vs ${perItemRun.connectionsPerRun} connections`,
		);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
