/**
 * A real n8n for the benchmarks, set up by the e2e harness (e2e/harness): the pinned n8n
 * from the cache, the pack built, packed and installed like a community package, the
 * benchmark's credentials and workflows imported and active. n8n's Prometheus metrics
 * are switched on so that finished executions can be counted per workflow without
 * saving them (`n8n_workflow_success_total`).
 */
const path = require('node:path');

const { ensureN8n } = require('../../e2e/harness/n8nInstall');
const { N8nInstance } = require('../../e2e/harness/n8nInstance');
const { buildAndPack } = require('../../e2e/harness/pack');

const PROJECT_DIR = path.resolve(__dirname, '..', '..');
const DRAIN_TIMEOUT_MS = 180_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

/**
 * Workflow settings shared by every benchmark workflow, so that A and B pay the same for
 * execution records. Default: successful executions are not saved (n8n's per-execution
 * database writes would dominate both); `BENCH_SAVE=all` saves them like n8n's default.
 */
function executionSettings() {
	const save = process.env.BENCH_SAVE === 'all' ? 'all' : 'none';
	return { executionOrder: 'v1', saveDataSuccessExecution: save, saveDataErrorExecution: 'all', saveManualExecutions: false };
}

/** A workflow from nodes and `[from, to, output?]` connections, with the shared settings. */
function workflow({ id, name, nodes, links }) {
	const connections = {};
	for (const [from, to, output = 0] of links) {
		const outputs = (connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: 0 });
	}
	return { id, name, active: false, nodes, connections, settings: executionSettings(), pinData: {} };
}

/**
 * Starts n8n with `credentials` and `workflows` imported and active.
 * @returns {Promise<{ instance: N8nInstance, version: string, successes: (workflowId: string) => Promise<number>,
 *   waitForSuccesses: (workflowId: string, count: number) => Promise<number>, dispose: () => Promise<void> }>}
 *   waitForSuccesses resolves with the milliseconds (process.hrtime) at which the count was seen
 */
async function startN8n({ credentials = [], workflows }) {
	const n8n = await ensureN8n({ projectDir: PROJECT_DIR, log });
	log(`n8n ${n8n.version}: building and packing the pack`);
	const pack = await buildAndPack(PROJECT_DIR, path.join(PROJECT_DIR, '.e2e-tmp', 'bench-pack'));
	const instance = await N8nInstance.createTemporary({ n8n, pack });
	Object.assign(instance.env, {
		N8N_METRICS: 'true',
		N8N_METRICS_INCLUDE_MESSAGE_EVENT_BUS_METRICS: 'true',
		N8N_METRICS_INCLUDE_WORKFLOW_ID_LABEL: 'true',
	});
	const dispose = () => instance.dispose();
	try {
		if (credentials.length > 0) await instance.importCredentials(credentials);
		await instance.importWorkflows(workflows);
		for (const { id } of workflows) await instance.activate(id);
		log('starting n8n');
		await instance.start();
	} catch (error) {
		await dispose();
		throw error;
	}

	const successes = async (workflowId) => {
		const text = await (await fetch(`${instance.baseUrl}/metrics`)).text();
		const line = text.split('\n').find((row) => row.startsWith('n8n_workflow_success_total{') && row.includes(`workflow_id="${workflowId}"`));
		return line ? Number(line.split(' ').at(-1)) : 0;
	};
	const waitForSuccesses = async (workflowId, count) => {
		const deadline = Date.now() + DRAIN_TIMEOUT_MS;
		for (;;) {
			const done = await successes(workflowId);
			if (done >= count) return Number(process.hrtime.bigint()) / 1e6;
			if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: ${done} of ${count} executions succeeded:\n${instance.logTail(30)}`);
			await sleep(25);
		}
	};
	return { instance, version: n8n.version, successes, waitForSuccesses, dispose };
}

module.exports = { startN8n, workflow, executionSettings, sleep, log };
