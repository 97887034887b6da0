/**
 * The platform's send API on loopback, just enough for the auto-reply benchmark: `POST
 * /api/send/sms` with a form (or multipart) body carrying the API `secret`, answered as the
 * platform does (HTTP 200, `{"status":200,…,"data":{"messageId":…}}`, errors as
 * `{"status":4xx,…}`). Counts the accepted sends; the full fake with every endpoint
 * and fault is test/helpers/fakeGateway.ts.
 */
const http = require('node:http');

/** @returns {Promise<{ url: string, accepted: () => number, refused: () => number, close: () => Promise<void> }>} */
function startFakePlatform(apiSecret) {
	let accepted = 0;
	let refused = 0;
	let nextMessageId = 1000;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			const raw = Buffer.concat(chunks);
			const type = String(req.headers['content-type'] ?? '');
			const fields = type.startsWith('multipart/form-data')
				? Object.fromEntries(await new Response(raw, { headers: { 'content-type': type } }).formData())
				: Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
			let answer;
			if (req.method !== 'POST' || req.url.split('?')[0] !== '/api/send/sms') answer = { status: 404, message: 'Invalid API endpoint!', data: false };
			else if (fields.secret !== apiSecret) answer = { status: 401, message: 'Invalid API secret supplied!', data: false };
			else if (!fields.phone || !fields.message) answer = { status: 400, message: 'Invalid Parameters!', data: false };
			else answer = { status: 200, message: 'Message has been queued for sending!', data: { messageId: nextMessageId++ } };
			if (answer.status === 200) accepted++;
			else refused++;
			res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' }).end(JSON.stringify(answer));
		});
	});
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			resolve({
				url: `http://127.0.0.1:${server.address().port}`,
				accepted: () => accepted,
				refused: () => refused,
				close: () =>
					new Promise((done) => {
						server.closeAllConnections();
						server.close(() => done());
					}),
			});
		});
	});
}

module.exports = { startFakePlatform };
