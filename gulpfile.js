// Copies what tsc does not: the icons and the codex files n8n reads from beside each
// compiled node (`<Node>.node.json`).
const { src, dest, task } = require('gulp');

task('build:assets', () =>
	src(['icons/**/*.{svg,png}', 'nodes/**/*.node.json'], { base: '.', encoding: false }).pipe(dest('dist')),
);
