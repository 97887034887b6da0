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
 * has them: sqlite3 (n8n's database) and isolated-vm (the expression engine of n8n
 * versions that have `@n8n/expression-runtime`; n8n does not start without it).
 */
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

/** Written into an install once it is complete: which Node.js its native modules are for. */
const INSTALL_RECORD = '.n8n-nodes-sms-gateway-install.json';

const currentNodeMajor = () => Number(process.versions.node.split('.')[0]);

/** The n8n version asked for by N8N_VERSION, or the pinned default. */
function n8nVersion() {
	const version = (process.env.N8N_VERSION ?? '').trim() || DEFAULT_N8N_VERSION;
	if (!/^\d+\.\d+\.\d+$/.test(version)) {
		throw new Error(`N8N_VERSION must be an exact version such as ${DEFAULT_N8N_VERSION} (got "${version}")`);
	}
	return version;
}

/**
 * The Node.js major an n8n version runs on: 2.10–2.35 need 22, 2.36+ need 24. 1.123.66+
 * say Node 20.19 but bring `@n8n/expression-runtime` with isolated-vm 6, which compiles
 * only against Node 22's V8 (`v8::SourceLocation`); on Node 20 n8n cannot evaluate
 * expressions.
 */
function requiredNodeMajor(version) {
	const [major, minor, patch] = version.split('.').map(Number);
	if (major === 1 && minor === 123 && patch >= 66) return 22;
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
 * @returns {Promise<{ major: number, nodeBin: string, env: NodeJS.ProcessEnv }>} env: PATH (and nodedir)
 *   for npm and n8n's child processes to use that Node
 */
async function ensureNode(version, cache, log) {
	const major = requiredNodeMajor(version);
	if (currentNodeMajor() >= major) {
		// node-gyp would download headers from nodejs.org, which CI cannot reach; a Node.js
		// installed with its headers (as distributions and the official builds are) has them.
		const prefix = path.resolve(path.dirname(process.execPath), '..');
		const env = { ...process.env };
		if (!env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) {
			env.npm_config_nodedir = prefix;
		}
		return { major: currentNodeMajor(), nodeBin: process.execPath, env };
	}

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
	return { major, nodeBin: path.join(bin, 'node'), env };
}

/** The compiled binding of sqlite3, without which n8n cannot open its database. */
function sqliteBinding(n8nDir) {
	const release = path.join(n8nDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	return fs.existsSync(release) ? release : undefined;
}

/**
 * The Node.js major an install's native modules were built for (an install without a
 * record, such as one copied in by hand, is taken to be for this Node.js).
 */
function builtForNode(n8nDir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(n8nDir, INSTALL_RECORD), 'utf8')).nodeMajor;
	} catch {
		return currentNodeMajor();
	}
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

	if (installedN8nVersion(dir) !== version || sqliteBinding(dir) === undefined || builtForNode(dir) !== node.major) {
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
			const present = NATIVE_MODULES.filter((name) => fs.existsSync(path.join(scratch, 'node_modules', name)));
			log(`building ${present.join(' and ')} from source for Node.js ${node.major}`);
			await npm(['rebuild', ...present, '--foreground-scripts', '--loglevel=error']);
			if (sqliteBinding(scratch) === undefined) {
				throw new Error(`n8n ${version}: sqlite3 was rebuilt but has no compiled binding (node_sqlite3.node)`);
			}
			fs.writeFileSync(path.join(scratch, INSTALL_RECORD), JSON.stringify({ n8n: version, nodeMajor: node.major }));
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
