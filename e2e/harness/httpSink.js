/**
 * A loopback HTTP server that records what n8n sends it: scenario workflows end in an
 * HTTP Request node that POSTs each item here, so a test sees the items n8n really
 * produced, through n8n's own HTTP client.
 */
const http = require('node:http');

const WAIT_TIMEOUT_MS = 60_000;

/**
 * @returns {Promise<{ url: string, hits: Array<{ path: string, headers: object, body: any }>,
 *   waitForHits: (path: string, count: number) => Promise<Array<{ path: string, body: any }>>,
 *   hitsAt: (path: string) => Array<{ path: string, body: any }>, close: () => Promise<void> }>}
 */
function startHttpSink() {
	const hits = [];
	const waiters = new Set();
	const hitsAt = (path) => hits.filter((hit) => hit.path === path);

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body = text;
			try {
				body = JSON.parse(text);
			} catch {
				// not JSON: keep the text
			}
			hits.push({ path: req.url, headers: req.headers, body });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
			for (const waiter of waiters) waiter();
		});
	});

	/** Resolves with the hits at `path` once there are at least `count`; fails after a minute. */
	const waitForHits = (path, count) =>
		new Promise((resolve, reject) => {
			const check = () => {
				if (hitsAt(path).length < count) return;
				clearTimeout(timer);
				waiters.delete(check);
				resolve(hitsAt(path));
			};
			const timer = setTimeout(() => {
				waiters.delete(check);
				reject(new Error(`the sink got ${hitsAt(path).length} of ${count} expected requests at ${path}`));
			}, WAIT_TIMEOUT_MS);
			waiters.add(check);
			check();
		});

	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({
				url: `http://127.0.0.1:${port}`,
				hits,
				hitsAt,
				waitForHits,
				close: () => new Promise((done) => server.close(() => done())),
			});
		});
	});
}

module.exports = { startHttpSink };
