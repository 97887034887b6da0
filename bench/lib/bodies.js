/**
 * The platform's SMS webhook exactly as it arrives (test/fixtures/platform-webhooks.txt,
 * form-encoded like PHP's http_build_query), with the secret and, for distinct events,
 * the id, sender or text replaced.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'platform-webhooks.txt');

/** The fixture body of `name` (`sms`, `whatsapp`, …) with `secret` in place of the placeholder. */
function platformBody(name, secret) {
	const lines = readFileSync(FIXTURES, 'utf8').split('\n');
	const heading = lines.findIndex((line) => line.startsWith(`# ${name}`));
	if (heading < 0) throw new Error(`no fixture "${name}"`);
	return lines[heading + 1].replace('REPLACE_WITH_SECRET', encodeURIComponent(secret));
}

/**
 * The SMS fixture with `secret`, and optionally another `id`, sender `phone` or `message`.
 * @param {string} secret
 * @param {{ id?: number, phone?: string, message?: string }} [changes]
 */
function smsForm(secret, { id, phone, message } = {}) {
	let body = platformBody('sms', secret);
	if (id !== undefined) body = body.replace('data%5Bid%5D=2&', `data%5Bid%5D=${id}&`);
	if (phone !== undefined) body = body.replace('data%5Bphone%5D=%2B639760713666', `data%5Bphone%5D=${encodeURIComponent(phone)}`);
	if (message !== undefined) body = body.replace('data%5Bmessage%5D=Hello+World%21', `data%5Bmessage%5D=${encodeURIComponent(message)}`);
	return body;
}

module.exports = { platformBody, smsForm };
