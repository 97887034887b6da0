/**
 * What an e2e test file uses: `useN8n` gives it a real n8n with its workflows active,
 * sinks observe what n8n did, the builders make the workflow JSON.
 */
const { startHttpSink } = require('./httpSink');
const { N8nInstance } = require('./n8nInstance');
const { PACK, credential, httpSinkNode, nodeType, workflowWithSinks } = require('./workflows');

const SETUP_TIMEOUT_MS = 300_000;

/** What globalSetup prepared: the n8n install and the packed tarball. */
function preparedSetup() {
	const raw = process.env.E2E_SETUP;
	if (!raw) throw new Error('run the e2e suite with `npm run test:e2e` (jest.e2e.config.js installs n8n and packs first)');
	return JSON.parse(raw);
}

/**
 * For one test file: before its tests, a fresh n8n with the given credentials and
 * workflows imported and active; after them, n8n stopped and its folder removed, also
 * when a test or the start failed.
 * @param {() => Promise<{ workflows: Array<{ id: string }>, credentials?: object[] }> | { workflows: Array<{ id: string }>, credentials?: object[] }} prepare
 *   called in beforeAll, so it can use sinks started by earlier hooks
 * @returns {{ instance: N8nInstance }} filled in once n8n is running
 */
function useN8n(prepare) {
	const handle = { instance: undefined };
	beforeAll(async () => {
		const { workflows, credentials = [] } = await prepare();
		const instance = await N8nInstance.createTemporary(preparedSetup());
		handle.instance = instance;
		if (credentials.length > 0) await instance.importCredentials(credentials);
		await instance.importWorkflows(workflows);
		for (const workflow of workflows) await instance.activate(workflow.id);
		await instance.start();
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await handle.instance?.dispose();
	}, 60_000);
	return handle;
}

/**
 * For one test file: an HTTP sink running during its tests, started before `useN8n`'s
 * n8n when called first (the workflows need its URL).
 * @returns {{ url: (path: string) => string, waitForHits: (path: string, count: number) => Promise<Array<{ path: string, headers: object, body: any }>>, hitsAt: (path: string) => Array<{ path: string, headers: object, body: any }> }}
 */
function useHttpSink() {
	let server;
	beforeAll(async () => {
		server = await startHttpSink();
	});
	afterAll(async () => {
		await server?.close();
	});
	const running = () => {
		if (!server) throw new Error('the sink is not running (use it inside tests or hooks)');
		return server;
	};
	return {
		url: (path) => `${running().url}${path}`,
		waitForHits: (path, count) => running().waitForHits(path, count),
		hitsAt: (path) => running().hitsAt(path),
	};
}

module.exports = { useN8n, useHttpSink, startHttpSink, N8nInstance, PACK, credential, httpSinkNode, nodeType, workflowWithSinks };
