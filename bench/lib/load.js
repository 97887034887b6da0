/**
 * The load generator: POSTs a fixed number of requests to one loopback URL at a fixed
 * concurrency over keep-alive connections (Node's http, one agent), and records each
 * response's status and latency. Bounded in count and in time.
 */
const http = require('node:http');

/**
 * @param {{ url: string, count: number, concurrency: number, body: (index: number) => string,
 *   contentType: string, timeoutMs?: number }} options
 *   body: the request body of the `index`-th request (0-based)
 * @returns {Promise<{ elapsedMs: number, latenciesMs: number[], statuses: Record<string, number> }>}
 */
async function postConcurrently({ url, count, concurrency, body, contentType, timeoutMs = 120_000 }) {
	const target = new URL(url);
	if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error(`loopback only, not ${url}`);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const latenciesMs = [];
	const statuses = {};
	const deadline = Date.now() + timeoutMs;
	let next = 0;

	const postOne = (payload) =>
		new Promise((resolve, reject) => {
			const started = process.hrtime.bigint();
			const request = http.request(
				{
					agent,
					host: target.hostname,
					port: target.port,
					path: `${target.pathname}${target.search}`,
					method: 'POST',
					headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) },
					timeout: 30_000,
				},
				(response) => {
					response.resume();
					response.on('end', () => {
						latenciesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
						statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
						resolve();
					});
				},
			);
			request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
			request.on('error', reject);
			request.end(payload);
		});

	const worker = async () => {
		while (next < count) {
			if (Date.now() > deadline) throw new Error(`load did not finish within ${timeoutMs / 1000} s`);
			await postOne(body(next++));
		}
	};
	const started = process.hrtime.bigint();
	try {
		await Promise.all(Array.from({ length: concurrency }, worker));
	} finally {
		agent.destroy();
	}
	return { elapsedMs: Number(process.hrtime.bigint() - started) / 1e6, latenciesMs, statuses };
}

module.exports = { postConcurrently };
