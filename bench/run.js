#!/usr/bin/env node
/**
 * `npm run bench`: builds once, then runs every benchmark in bench/ one after another
 * (never at the same time: they would slow each other down), each in its own Node process:
 * the in-process ones first, then those against a real n8n, then any other
 * `*.bench.js`, and the TypeScript ones (`*.bench.ts`, e.g. the email forwarding
 * benchmark), compiled once with tsconfig.bench.json into .bench-dist/.
 * `node bench/run.js trigger ingest` runs only the named ones.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ORDER = ['parse', 'ingestMemory', 'replyMemory', 'ingest', 'trigger', 'autoReply'];
/** Node flags a benchmark needs (the memory one measures the heap after garbage collection). */
const NODE_FLAGS = { ingestMemory: ['--expose-gc'] };

const files = fs.readdirSync(__dirname);
const typescript = files.filter((file) => file.endsWith('.bench.ts')).map((file) => file.slice(0, -'.bench.ts'.length));
const present = [
	...files.filter((file) => file.endsWith('.bench.js')).map((file) => file.slice(0, -'.bench.js'.length)),
	...typescript,
];
const all = [...ORDER.filter((name) => present.includes(name)), ...present.filter((name) => !ORDER.includes(name)).sort()];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !present.includes(name));
if (unknown.length > 0) {
	console.error(`no such benchmark: ${unknown.join(', ')} (there are: ${all.join(', ')})`);
	process.exit(2);
}
const chosen = asked.length > 0 ? all.filter((name) => asked.includes(name)) : all;

const root = path.join(__dirname, '..');
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (chosen.some((name) => typescript.includes(name))) {
	const compile = spawnSync('npx', ['tsc', '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
	if (compile.status !== 0) process.exit(compile.status ?? 1);
}
const scriptOf = (name) =>
	typescript.includes(name) ? path.join(root, '.bench-dist', 'bench', `${name}.bench.js`) : path.join(__dirname, `${name}.bench.js`);

let failed = 0;
for (const name of chosen) {
	console.log(`\n## ${name}\n`);
	const result = spawnSync(process.execPath, [...(NODE_FLAGS[name] ?? []), scriptOf(name)], { stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`${name}: failed (${result.signal ?? `exit ${result.status}`})`);
		failed++;
	}
}
process.exit(failed > 0 ? 1 : 0);
