#!/usr/bin/env node
/**
 * `npm run bench`: builds once, then runs every benchmark in bench/ one after another
 * (never at the same time: they would slow each other down), each in its own Node process:
 * the in-process ones first, then those against a real n8n, then any other
 * `*.bench.js` (e.g. the email forwarding benchmark, `emailForward*.bench.js`).
 * `node bench/run.js trigger ingest` runs only the named ones.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ORDER = ['parse', 'ingestMemory', 'replyMemory', 'ingest', 'trigger', 'autoReply'];
/** Node flags a benchmark needs (the memory one measures the heap after garbage collection). */
const NODE_FLAGS = { ingestMemory: ['--expose-gc'] };

const present = fs
	.readdirSync(__dirname)
	.filter((file) => file.endsWith('.bench.js'))
	.map((file) => file.slice(0, -'.bench.js'.length));
const all = [...ORDER.filter((name) => present.includes(name)), ...present.filter((name) => !ORDER.includes(name)).sort()];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !present.includes(name));
if (unknown.length > 0) {
	console.error(`no such benchmark: ${unknown.join(', ')} (there are: ${all.join(', ')})`);
	process.exit(2);
}
const chosen = asked.length > 0 ? all.filter((name) => asked.includes(name)) : all;

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
for (const name of chosen) {
	console.log(`\n## ${name}\n`);
	const result = spawnSync(process.execPath, [...(NODE_FLAGS[name] ?? []), path.join(__dirname, `${name}.bench.js`)], { stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`${name}: failed (${result.signal ?? `exit ${result.status}`})`);
		failed++;
	}
}
process.exit(failed > 0 ? 1 : 0);
