/**
 * One real n8n for tests: its own temporary user folder, SQLite database, ports and
 * encryption key, the pack installed like a community package. Set up with n8n's CLI
 * while stopped (import workflows and credentials, activate), then started; `stop()`
 * always ends the whole process group (n8n starts task-runner children).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { installPack } = require('./pack');
const { run } = require('./run');

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
/** n8n prints this once its active workflows (and their webhooks) are registered. */
const READY_LINE = 'Editor is now accessible via';
const REAPER = path.join(__dirname, 'reaper.js');
const EXECUTION_WAIT_MS = 60_000;
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/** A port that was free a moment ago on loopback. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The inherited environment without settings that would point n8n elsewhere, nor Jest's
 * (n8n started with NODE_ENV=test exits at once without a word).
 */
function cleanEnv(env) {
	const foreign = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|JEST_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_ENV$)/;
	return Object.fromEntries(Object.entries(env).filter(([key]) => !foreign.test(key)));
}

/**
 * The environment for a headless n8n: loopback only, SQLite, no calls home, every
 * execution saved (tests count them).
 */
function n8nEnv({ baseEnv, userFolder, port, brokerPort, encryptionKey }) {
	return {
		...baseEnv,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		WEBHOOK_URL: `http://localhost:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...(encryptionKey ? { N8N_ENCRYPTION_KEY: encryptionKey } : {}),
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	};
}

class N8nInstance {
	/**
	 * @param {{ n8n: { version: string, n8nBin: string, nodeBin: string, dir: string, env: NodeJS.ProcessEnv },
	 *   userFolder: string, port: number, env: NodeJS.ProcessEnv, temporary: boolean }} options
	 */
	constructor({ n8n, userFolder, port, env, temporary }) {
		this.n8n = n8n;
		this.userFolder = userFolder;
		this.port = port;
		this.env = env;
		this.temporary = temporary;
		this.baseUrl = `http://localhost:${port}`;
		this.logFile = path.join(userFolder, 'n8n.log');
		this.child = undefined;
	}

	/**
	 * A new instance in a fresh temporary user folder with the pack installed.
	 * @param {{ n8n: object, pack: object }} setup from `globalSetup` (ensureN8n, buildAndPack)
	 */
	static async createTemporary({ n8n, pack }) {
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
		const port = await freePort();
		const brokerPort = await freePort();
		const env = n8nEnv({
			baseEnv: cleanEnv(n8n.env),
			userFolder,
			port,
			brokerPort,
			encryptionKey: crypto.randomBytes(24).toString('hex'),
		});
		const instance = new N8nInstance({ n8n, userFolder, port, env, temporary: true });
		await installPack(userFolder, pack, n8n.env);
		return instance;
	}

	get majorVersion() {
		return Number(this.n8n.version.split('.')[0]);
	}

	/** Runs an n8n CLI command (n8n must be stopped for imports and activation). */
	cli(args) {
		return run(this.n8n.nodeBin, [this.n8n.n8nBin, ...args], { cwd: this.userFolder, env: this.env });
	}

	/**
	 * Imports workflows, each with a fixed `id` (an existing one with that id is replaced),
	 * in one CLI run (each run boots n8n for seconds).
	 */
	async importWorkflows(workflows) {
		if (workflows.length === 0) return;
		const dir = this.importDir();
		for (const workflow of workflows) fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
		try {
			await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/** Imports credentials given with plain `data`; n8n encrypts them with this instance's key. */
	async importCredentials(credentials) {
		const dir = this.importDir();
		const file = path.join(dir, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			// the plain-text secrets were only for the import
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/** A new, empty folder for files to import, inside the user folder. */
	importDir() {
		fs.mkdirSync(path.join(this.userFolder, '.import'), { recursive: true });
		return fs.mkdtempSync(path.join(this.userFolder, '.import', 'batch-'));
	}

	/** Makes a workflow's production webhooks answer once n8n starts. */
	async activate(workflowId) {
		if (this.majorVersion >= 2) await this.cli(['publish:workflow', `--id=${workflowId}`]);
		else await this.cli(['update:workflow', `--id=${workflowId}`, '--active=true']);
	}

	/**
	 * Starts n8n and resolves once its webhooks are registered. In the background (tests),
	 * n8n gets its own process group and writes to `n8n.log`; in the foreground (`npm
	 * start`) it shares the terminal, so Ctrl-C reaches it, and its output is shown too.
	 * @param {{ foreground?: boolean }} [options]
	 */
	async start({ foreground = false } = {}) {
		if (this.child) throw new Error('n8n is already running');
		const log = fs.openSync(this.logFile, 'a');
		const n8nStart = [this.n8n.nodeBin, this.n8n.n8nBin, 'start'];
		const [command, ...args] = foreground ? n8nStart : [this.n8n.nodeBin, REAPER, String(process.pid), ...n8nStart];
		const child = spawn(command, args, {
			cwd: this.userFolder,
			env: this.env,
			// In the background: its own process group, so stop() reaches the task runners too,
			// led by a reaper that ends the group should this process die without stop().
			detached: !foreground,
			stdio: foreground ? ['inherit', 'pipe', 'pipe'] : ['ignore', log, log],
		});
		if (foreground) {
			for (const [stream, out] of [
				[child.stdout, process.stdout],
				[child.stderr, process.stderr],
			]) {
				stream.on('data', (chunk) => {
					out.write(chunk);
					fs.appendFileSync(this.logFile, chunk);
				});
			}
		}
		fs.closeSync(log);
		this.child = child;
		this.foreground = foreground;
		this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

		const deadline = Date.now() + START_TIMEOUT_MS;
		let exitedEarly;
		void this.exited.then((status) => (exitedEarly = status));
		while (!(await this.isReady())) {
			if (exitedEarly) throw new Error(`n8n exited while starting (${JSON.stringify(exitedEarly)}):\n${this.logTail()}`);
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(`n8n did not become ready within ${START_TIMEOUT_MS / 1000} s:\n${this.logTail()}`);
			}
			await sleep(500);
		}
	}

	/** `/healthz` answers and n8n has finished activating workflows. */
	async isReady() {
		try {
			const response = await fetch(`${this.baseUrl}/healthz`);
			if (!response.ok) return false;
		} catch {
			return false;
		}
		return this.readLog().includes(READY_LINE);
	}

	signal(name) {
		try {
			if (this.foreground) this.child.kill(name);
			else process.kill(-this.child.pid, name);
		} catch {
			// the group is gone already
		}
	}

	/** Stops n8n and its children: SIGTERM to the process group, SIGKILL if it lingers. */
	async stop() {
		if (!this.child) return;
		this.signal('SIGTERM');
		let timer;
		const stopped = await Promise.race([
			this.exited.then(() => true),
			new Promise((resolve) => (timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS))),
		]);
		clearTimeout(timer);
		// Task runners may outlive n8n's main process: end whatever is left of the group.
		this.signal('SIGKILL');
		if (!stopped) await this.exited;
		this.child = undefined;
	}

	/** Stops n8n and removes a temporary user folder (kept with E2E_KEEP=1, for debugging). */
	async dispose() {
		await this.stop();
		if (this.temporary && process.env.E2E_KEEP !== '1') fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** What n8n has written to stdout and stderr so far. */
	readLog() {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	logTail(lines = 60) {
		return this.readLog().split('\n').slice(-lines).join('\n') || '(no log)';
	}

	/** POSTs to a production webhook, `/webhook/<webhookId>/<path>`. */
	postWebhook(webhookId, webhookPath, { body, contentType }) {
		return fetch(`${this.baseUrl}/webhook/${webhookId}/${webhookPath}`, {
			method: 'POST',
			headers: contentType ? { 'content-type': contentType } : {},
			body,
		});
	}

	/**
	 * The statuses of a workflow's recorded executions (`new`, `running`, `success`,
	 * `error`, …), oldest first.
	 * @returns {Promise<string[]>}
	 */
	async executionStatuses(workflowId) {
		const rows = await this.queryDatabase('SELECT status FROM execution_entity WHERE workflowId = ? ORDER BY id', [workflowId]);
		return rows.map((row) => row.status);
	}

	/**
	 * Rows of a read-only SQL query on n8n's SQLite database (executions, a Data Table's
	 * `data_table_user_<id>`), read with the sqlite3 module of the n8n install (built for
	 * the Node.js n8n runs on, hence in a child process of it).
	 * @returns {Promise<Array<Record<string, unknown>>>}
	 */
	async queryDatabase(sql, params = []) {
		const script = `
			const sqlite3 = require(process.argv[1]);
			const db = new sqlite3.Database(process.argv[2], sqlite3.OPEN_READONLY);
			db.all(process.argv[3], JSON.parse(process.argv[4]), (error, rows) => {
				if (error) { console.error(error.message); process.exit(1); }
				process.stdout.write(JSON.stringify(rows));
				db.close();
			});`;
		const output = await run(this.n8n.nodeBin, [
			'-e',
			script,
			path.join(this.n8n.dir, 'node_modules', 'sqlite3'),
			path.join(this.userFolder, '.n8n', 'database.sqlite'),
			sql,
			JSON.stringify(params),
		]);
		return JSON.parse(output);
	}

	/**
	 * Waits until at least `count` executions of the workflow have finished, and returns
	 * the statuses of all its executions: a test that expects "exactly one more" sends a
	 * request that must start one, waits for it, and then sees whether any other appeared.
	 */
	async waitForFinishedExecutions(workflowId, count) {
		const deadline = Date.now() + EXECUTION_WAIT_MS;
		for (;;) {
			const statuses = await this.executionStatuses(workflowId);
			if (statuses.filter((status) => FINISHED.has(status)).length >= count) return statuses;
			if (Date.now() > deadline) {
				throw new Error(`workflow ${workflowId}: ${count} finished executions expected, found ${JSON.stringify(statuses)}`);
			}
			await sleep(250);
		}
	}
}

module.exports = { N8nInstance, freePort, n8nEnv, cleanEnv };
