#!/usr/bin/env node
/**
 * `npm start`: this pack in a real n8n on http://localhost:5678.
 *
 * Installs the pinned n8n once into a cache outside the clone (N8N_VERSION picks another),
 * builds and packs the project and installs the tarball into the project's git-ignored
 * user folder `.n8n-local/` like a community package (only when the tarball changed),
 * imports the example workflows whose file changed since the last run (by their fixed
 * `id`; nothing else in the database is touched), then runs n8n in the foreground.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { ensureN8n } = require('../e2e/harness/n8nInstall');
const { N8nInstance, cleanEnv, n8nEnv } = require('../e2e/harness/n8nInstance');
const { buildAndPack, installPack } = require('../e2e/harness/pack');

const PROJECT_DIR = path.resolve(__dirname, '..');
const USER_FOLDER = path.join(PROJECT_DIR, '.n8n-local');
const EXAMPLES_DIR = path.join(PROJECT_DIR, 'examples');
/**
 * Which example files were imported, by content hash: unchanged ones are left alone, so
 * edits made in the editor survive a restart. Kept beside the database it describes.
 */
const IMPORTED_EXAMPLES = path.join(USER_FOLDER, '.n8n', 'imported-examples.json');

const log = (line) => console.log(`[start] ${line}`);

function portIsFree(port, host) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/** The example workflows: `examples/*.json`, each with the fixed `id` it is imported under. */
function readExamples() {
	if (!fs.existsSync(EXAMPLES_DIR)) return [];
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
			return { file, workflow: JSON.parse(text), hash: crypto.createHash('sha256').update(text).digest('hex') };
		});
}

/**
 * Default `path` parameter of each webhook node of this pack, read from the built node
 * descriptions, and whether its URL leaves out the webhook id (`isFullPath`).
 */
function packWebhookDefaults() {
	const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8'));
	const defaults = {};
	for (const file of manifest.n8n.nodes) {
		for (const NodeClass of Object.values(require(path.join(PROJECT_DIR, file)))) {
			const { description } = new NodeClass();
			const webhook = description.webhooks?.[0];
			if (!webhook) continue;
			defaults[`${manifest.name}.${description.name}`] = {
				path: description.properties.find((property) => property.name === 'path')?.default,
				isFullPath: webhook.isFullPath === true,
			};
		}
	}
	return defaults;
}

/** Production webhook URLs of a workflow's trigger nodes. */
function webhookUrls(workflow, baseUrl, defaults) {
	return (workflow.nodes ?? []).flatMap((node) => {
		if (node.type === 'n8n-nodes-base.webhook') return [`${baseUrl}/webhook/${node.parameters?.path ?? node.webhookId}`];
		const known = defaults[node.type];
		if (!known || !node.webhookId) return [];
		const nodePath = node.parameters?.path ?? known.path;
		return [known.isFullPath ? `${baseUrl}/webhook/${nodePath}` : `${baseUrl}/webhook/${node.webhookId}/${nodePath}`];
	});
}

async function importChangedExamples(instance, examples) {
	const imported = fs.existsSync(IMPORTED_EXAMPLES) ? JSON.parse(fs.readFileSync(IMPORTED_EXAMPLES, 'utf8')) : {};
	const usable = examples.filter(({ file, workflow }) => {
		if (typeof workflow.id === 'string' && workflow.id !== '') return true;
		log(`skipping examples/${file}: it needs a fixed "id" (without one every run would add a copy)`);
		return false;
	});
	const changed = usable.filter(({ file, hash }) => imported[file] !== hash);
	if (changed.length === 0) return;
	log(`importing ${changed.map(({ file }) => `examples/${file}`).join(', ')}`);
	await instance.importWorkflows(changed.map(({ workflow }) => workflow));
	for (const { file, hash } of changed) imported[file] = hash;
	fs.mkdirSync(path.dirname(IMPORTED_EXAMPLES), { recursive: true });
	fs.writeFileSync(IMPORTED_EXAMPLES, JSON.stringify(imported, null, 2));
}

async function main() {
	const port = Number(process.env.N8N_PORT || 5678);
	const host = process.env.N8N_LISTEN_ADDRESS || '127.0.0.1';
	if (!(await portIsFree(port, host))) {
		throw new Error(`port ${port} is in use (is n8n running already?); stop it or set N8N_PORT`);
	}

	const n8n = await ensureN8n({ projectDir: PROJECT_DIR, log });
	log(`n8n ${n8n.version} (${n8n.dir})`);
	const pack = await buildAndPack(PROJECT_DIR, path.join(USER_FOLDER, 'pack'));
	const installed = await installPack(USER_FOLDER, pack, n8n.env);
	log(installed ? `installed ${pack.name}@${pack.version} into ${USER_FOLDER}/.n8n/nodes` : `${pack.name} is up to date`);

	// The user's own N8N_* settings win; the user folder is always the project's.
	const own = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => /^(N8N_|WEBHOOK_URL$|GENERIC_TIMEZONE$)/.test(key) && key !== 'N8N_VERSION'),
	);
	const env = {
		...n8nEnv({ baseEnv: cleanEnv(n8n.env), userFolder: USER_FOLDER, port, brokerPort: 5679 }),
		...own,
		N8N_USER_FOLDER: USER_FOLDER,
	};
	delete env.N8N_VERSION;
	const instance = new N8nInstance({ n8n, userFolder: USER_FOLDER, port, env, temporary: false });

	const examples = readExamples();
	await importChangedExamples(instance, examples);

	// Ctrl-C reaches n8n directly (same terminal, same process group; n8n reads it itself
	// when it has the TTY), and a second SIGINT would make n8n skip its graceful shutdown:
	// only wait for n8n then. A SIGTERM or SIGHUP meant for this script is passed on.
	process.on('SIGINT', () => {});
	for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => instance.signal(signal));
	await instance.start({ foreground: true });

	const defaults = packWebhookDefaults();
	const lines = [`n8n ${n8n.version} with ${pack.name} is running: ${instance.baseUrl}`, `user folder: ${USER_FOLDER}`];
	if (examples.length === 0) lines.push('no example workflows in examples/ yet');
	for (const { file, workflow } of examples) {
		const urls = webhookUrls(workflow, instance.baseUrl, defaults);
		lines.push(`example ${workflow.name ?? file} (examples/${file})${urls.length ? ':' : ''}`);
		for (const url of urls) lines.push(`  webhook: ${url}  (answers once the workflow is active)`);
	}
	lines.push('Ctrl-C stops n8n.');
	console.log(`\n${lines.join('\n')}\n`);

	const { code, signal } = await instance.exited;
	process.exitCode = code ?? (signal ? 0 : 1);
}

main().catch((error) => {
	console.error(`[start] ${error.message}`);
	process.exitCode = 1;
});
