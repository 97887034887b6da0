/**
 * Summaries for benchmarks that run variants side by side in rounds: medians, spread
 * (min–max over rounds), percentiles of latencies, ratios.
 */

const sorted = (values) => [...values].sort((a, b) => a - b);

function median(values) {
	const ordered = sorted(values);
	const mid = ordered.length >> 1;
	return ordered.length % 2 ? ordered[mid] : (ordered[mid - 1] + ordered[mid]) / 2;
}

/** The `p`-th percentile (0–100) by nearest rank. */
function percentile(values, p) {
	const ordered = sorted(values);
	const rank = Math.ceil((p / 100) * ordered.length) - 1;
	return ordered[Math.min(ordered.length - 1, Math.max(0, rank))];
}

/** `median (min–max)` of per-round figures, with `digits` decimals. */
function spread(values, digits = 1) {
	return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

/** Prints rows of cells as a Markdown table (so figures paste into bench/README.md). */
function printTable(header, rows) {
	console.log(`| ${header.join(' | ')} |`);
	console.log(`| ${header.map(() => '---').join(' | ')} |`);
	for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

module.exports = { median, percentile, spread, printTable };
