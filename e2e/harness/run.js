/**
 * Child processes for the harness: run a command to completion, with its output kept for
 * the error message (npm and n8n explain their failures on stdout/stderr).
 */
const { spawn } = require('node:child_process');

/**
 * Runs `command args` and resolves with its stdout; rejects with the exit code and the
 * tail of the output when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, echo?: boolean }} [options]
 *   echo: stream the output to this process's stderr (long installs show progress)
 * @returns {Promise<string>}
 */
function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let output = '';
		const collect = (stream, isStdout) =>
			stream.on('data', (chunk) => {
				const text = chunk.toString();
				if (isStdout) stdout += text;
				output += text;
				if (output.length > 200_000) output = output.slice(-100_000);
				if (options.echo) process.stderr.write(text);
			});
		collect(child.stdout, true);
		collect(child.stderr, false);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) return resolve(stdout);
			const tail = output.split('\n').slice(-40).join('\n');
			reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
		});
	});
}

module.exports = { run };
