/**
 * The one place SMTP settings are made: what each credential field turns into.
 */
import { smtpOptions } from '../../nodes/EmailForward/transport';

const base = { host: ' smtp.example.com ', port: 587, secure: false };

describe('smtpOptions: the credential as nodemailer settings', () => {
	test('never lets a message read local files or fetch URLs, whatever the credential', () => {
		for (const credential of [base, { ...base, secure: true, port: 465, ignoreSslIssues: true, disableStartTls: true }]) {
			expect(smtpOptions(credential)).toMatchObject({ disableFileAccess: true, disableUrlAccess: true });
		}
	});

	test.each([
		['587 with STARTTLS when offered', base, { host: 'smtp.example.com', port: 587, secure: false }, ['ignoreTLS', 'auth', 'tls', 'name']],
		['465, TLS from the start', { ...base, port: 465, secure: true }, { port: 465, secure: true }, ['ignoreTLS']],
		['STARTTLS turned off', { ...base, disableStartTls: true }, { ignoreTLS: true }, []],
		['Disable STARTTLS has no say over port 465', { ...base, secure: true, disableStartTls: true }, { secure: true }, ['ignoreTLS']],
		['a login', { ...base, user: 'me@example.com', password: 'pw' }, { auth: { user: 'me@example.com', pass: 'pw' } }, []],
		['a password without a user (some relays)', { ...base, password: 'pw' }, { auth: { user: '', pass: 'pw' } }, []],
		['self-signed certificates accepted', { ...base, ignoreSslIssues: true }, { tls: { rejectUnauthorized: false } }, []],
		['the EHLO name', { ...base, hostName: ' gw.example.net ' }, { name: 'gw.example.net' }, []],
	])('%s', (_case, credential, expected, absent) => {
		const options = smtpOptions(credential);
		expect(options).toMatchObject(expected);
		for (const key of absent) expect(options).not.toHaveProperty(key);
	});

	test('a port typed as text still works (credentials imported from JSON)', () => {
		expect(smtpOptions({ ...base, port: '2525' as unknown as number }).port).toBe(2525);
	});
});
