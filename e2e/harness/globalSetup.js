/**
 * Jest globalSetup of the e2e suite: once per run, the pinned n8n (installed into the
 * cache if missing) and the pack, built and packed. Each test file then starts its own
 * n8n from these (see `useN8n`).
 */
const path = require('node:path');

const { ensureN8n } = require('./n8nInstall');
const { buildAndPack } = require('./pack');

const PROJECT_DIR = path.resolve(__dirname, '..', '..');

module.exports = async function globalSetup() {
	const log = (line) => process.stderr.write(`[e2e] ${line}\n`);
	const n8n = await ensureN8n({ projectDir: PROJECT_DIR, log });
	log(`n8n ${n8n.version} from ${n8n.dir}, Node.js ${n8n.nodeBin}`);
	const pack = await buildAndPack(PROJECT_DIR, path.join(PROJECT_DIR, '.e2e-tmp', 'pack'));
	// Test files run after this and inherit the environment.
	process.env.E2E_SETUP = JSON.stringify({ n8n, pack });
};
