import { REDACTED, redactSecrets } from '../../nodes/shared/redact';

const password = 'pa$$word-9f3';

describe('redactSecrets', () => {
	test.each([
		['plain', `Invalid login for ${password}`, `Invalid login for ${REDACTED}`],
		['base64', `AUTH PLAIN ${Buffer.from(password).toString('base64')}`, `AUTH PLAIN ${REDACTED}`],
		['several times', `${password}:${password}`, `${REDACTED}:${REDACTED}`],
		['absent', 'Connection refused', 'Connection refused'],
	])('removes the secret (%s)', (_case, text, expected) => {
		expect(redactSecrets(text, [password])).toBe(expected);
	});

	test('an AUTH PLAIN token (\\0user\\0password in base64) is removed when given as a secret', () => {
		const token = `\u0000me@example.com\u0000${password}`;
		const line = `535 failed: ${Buffer.from(token).toString('base64')}`;
		const result = redactSecrets(line, [token, password]);
		expect(result).toBe(`535 failed: ${REDACTED}`);
	});

	test('empty and missing secrets change nothing', () => {
		expect(redactSecrets('nothing to hide', ['', undefined])).toBe('nothing to hide');
	});
});
