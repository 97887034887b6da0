/**
 * A pinned n8n, installed once into a cache folder outside the clone, and the Node.js it
 * needs. See n8n-facts.md for why the install looks like this: `xlsx` overridden (some
 * nodes-base versions point it at a non-registry URL), `--ignore-scripts` (a native
 * module of newer n8n downloads zlib at install time), then only the native modules n8n
 * needs are rebuilt from source.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { run } = require('./run');

/** The n8n that `npm start` and the e2e suite use unless N8N_VERSION says otherwise. */
const DEFAULT_N8N_VERSION = '2.8.4';

/**
 * Native modules rebuilt from source after the script-less install, when this n8n version
 * has them. sqlite3 must build (n8n's database). isolated-vm may not: some versions pull
 * in one that needs a newer Node.js than they run on (n8n 1.123.x on Node 20), and n8n
 * starts without it; a warning says so.
 */
const NATIVE_MODULES = [
	{ name: 'sqlite3', required: true },
	{ name: 'isolated-vm', required: false },
];

/** The n8n version asked for by N8N_VERSION, or the pinned default. */
function n8nVersion() {
	const version = (process.env.N8N_VERSION ?? '').trim() || DEFAULT_N8N_VERSION;
	if (!/^\d+\.\d+\.\d+$/.test(version)) {
		throw new Error(`N8N_VERSION must be an exact version such as ${DEFAULT_N8N_VERSION} (got "${version}")`);
	}
	return version;
}

/** The Node.js major an n8n version runs on: 2.10–2.35 need 22, 2.36+ need 24. */
function requiredNodeMajor(version) {
	const [major, minor] = version.split('.').map(Number);
	if (major < 2) return 20;
	if (major > 2 || minor >= 36) return 24;
	if (minor >= 10) return 22;
	return 20;
}

/**
 * The cache folder, outside the clone so that a fresh clone or `git clean` keeps the
 * 2.5 GB install: N8N_SMS_GATEWAY_CACHE, else ~/.cache/n8n-nodes-sms-gateway, else (no
 * writable home) a git-ignored folder of the project.
 */
function cacheDir(projectDir) {
	const candidates = [
		process.env.N8N_SMS_GATEWAY_CACHE,
		path.join(os.homedir(), '.cache', 'n8n-nodes-sms-gateway'),
		path.join(projectDir, '.e2e-tmp', 'cache'),
	].filter(Boolean);
	for (const dir of candidates) {
		try {
			fs.mkdirSync(dir, { recursive: true });
			fs.accessSync(dir, fs.constants.W_OK);
			return dir;
		} catch {
			// not writable: try the next one
		}
	}
	throw new Error(`no writable cache folder among ${candidates.join(', ')}`);
}

/**
 * Installs into `finalDir` through a scratch folder that is renamed at the end, so an
 * interrupted install never looks complete.
 * @param {(scratch: string) => Promise<unknown>} install fills the scratch folder
 */
async function installAtomically(finalDir, packageJson, install) {
	const scratch = `${finalDir}.partial-${process.pid}`;
	fs.rmSync(scratch, { recursive: true, force: true });
	fs.mkdirSync(scratch, { recursive: true });
	fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify(packageJson, null, 2));
	try {
		await install(scratch);
		fs.renameSync(scratch, finalDir);
	} catch (error) {
		fs.rmSync(scratch, { recursive: true, force: true });
		// Another run (npm start beside the tests) finished the same install first.
		if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') return;
		throw error;
	}
}

/**
 * The Node.js to run n8n `version` with: this one when new enough, otherwise the npm
 * registry's `node` package (a real Node binary with its headers, which native modules
 * are compiled against), installed once into the cache.
 * @returns {Promise<{ nodeBin: string, env: NodeJS.ProcessEnv }>} env: PATH (and nodedir)
 *   for npm and n8n's child processes to use that Node
 */
async function ensureNode(version, cache, log) {
	const major = requiredNodeMajor(version);
	const currentMajor = Number(process.versions.node.split('.')[0]);
	if (currentMajor >= major) return { nodeBin: process.execPath, env: { ...process.env } };

	const dir = path.join(cache, `node-${major}`);
	const bin = path.join(dir, 'node_modules', 'node', 'bin');
	if (!fs.existsSync(path.join(bin, 'node'))) {
		log(`installing Node.js ${major} from the npm registry into ${dir}`);
		await installAtomically(dir, { name: `node-${major}`, private: true }, (scratch) =>
			run('npm', ['install', `node@${major}`, '--no-audit', '--no-fund'], { cwd: scratch }),
		);
	}
	const headers = path.join(dir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
	const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
	if (fs.existsSync(path.join(headers, 'include', 'node'))) env.npm_config_nodedir = headers;
	return { nodeBin: path.join(bin, 'node'), env };
}

/** The compiled binding of sqlite3, without which n8n cannot open its database. */
function sqliteBinding(n8nDir) {
	const release = path.join(n8nDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	return fs.existsSync(release) ? release : undefined;
}

function installedN8nVersion(n8nDir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}

/**
 * n8n `version`, installed into `<cache>/n8n-<version>` unless it already is.
 * @param {{ projectDir: string, version?: string, log?: (line: string) => void }} options
 * @returns {Promise<{ version: string, dir: string, n8nBin: string, nodeBin: string, env: NodeJS.ProcessEnv }>}
 *   n8nBin: n8n's entry script, run with nodeBin
 */
async function ensureN8n({ projectDir, version = n8nVersion(), log = () => {} }) {
	const cache = cacheDir(projectDir);
	const node = await ensureNode(version, cache, log);
	const dir = path.join(cache, `n8n-${version}`);

	if (installedN8nVersion(dir) !== version || sqliteBinding(dir) === undefined) {
		fs.rmSync(dir, { recursive: true, force: true });
		log(`installing n8n ${version} into ${dir} (once; a few minutes)`);
		const packageJson = {
			name: `n8n-${version}-runtime`,
			private: true,
			dependencies: { n8n: version },
			overrides: { xlsx: '0.18.5' },
		};
		await installAtomically(dir, packageJson, async (scratch) => {
			const npm = (args) => run('npm', args, { cwd: scratch, env: node.env });
			await npm(['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
			for (const { name, required } of NATIVE_MODULES) {
				if (!fs.existsSync(path.join(scratch, 'node_modules', name))) continue;
				log(`building ${name} from source`);
				try {
					await npm(['rebuild', name, '--foreground-scripts', '--loglevel=error']);
				} catch (error) {
					if (required) throw error;
					log(`warning: ${name} did not build for Node.js ${requiredNodeMajor(version)}; n8n ${version} runs without it (${
						error.message.split('\n')[0]
					})`);
				}
			}
			if (sqliteBinding(scratch) === undefined) {
				throw new Error(`n8n ${version}: sqlite3 was rebuilt but has no compiled binding (node_sqlite3.node)`);
			}
		});
	}
	return {
		version,
		dir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: node.nodeBin,
		env: node.env,
	};
}

module.exports = { DEFAULT_N8N_VERSION, ensureN8n, n8nVersion, requiredNodeMajor, cacheDir };
