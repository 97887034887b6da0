/**
 * Runs a command (n8n) and ends its whole process group when the process that started
 * it dies, however it dies: Jest runs test files in a sandbox whose `process.on` handlers
 * never see Ctrl-C or exit, and nothing at all runs after a SIGKILL.
 *
 * Usage: node reaper.js <pid to watch> <command> [args...]. Started as the leader of its
 * own process group; exits with the command's exit code. A SIGTERM/SIGINT sent to the
 * group reaches the command directly, so the reaper itself just waits for it.
 */
const { spawn } = require('node:child_process');

const WATCH_INTERVAL_MS = 1000;
const GRACE_MS = 10_000;

const [watchedPid, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: 'inherit' });

let orphaned = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
child.on('exit', (code, signal) => {
	// n8n's task runners may outlive it; once orphaned, nothing else will end them.
	if (orphaned) process.kill(-process.pid, 'SIGKILL');
	process.exit(code ?? (signal ? 1 : 0));
});

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

const watch = setInterval(() => {
	if (isAlive(Number(watchedPid))) return;
	clearInterval(watch);
	orphaned = true;
	process.kill(-process.pid, 'SIGTERM');
	setTimeout(() => process.kill(-process.pid, 'SIGKILL'), GRACE_MS);
}, WATCH_INTERVAL_MS);
