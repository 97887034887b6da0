/**
 * The rules for parameters, checked without a mail server: every mistake is an error
 * that names the parameter to fix.
 */
import { type ForwardParameters, buildMessage, oneLine, parseAddresses } from '../../nodes/EmailForward/message';
import { eventItem } from './fixtures';

const base: ForwardParameters = { to: 'inbox@example.com', from: 'gw@example.com', subject: '', bodyFormat: 'htmlAndText', options: {} };

describe('Email Forward parameters that cannot make an email', () => {
	test.each<[string, Partial<ForwardParameters>, string]>([
		['empty To', { to: '  ' }, 'To is empty; give at least one email address'],
		['a To that is not an address', { to: 'inbox@example.com, bob' }, 'To contains "bob", which is not an email address'],
		['markup for an address', { to: '<script>@x.y' }, 'To contains "script", which is not an email address'],
		['a header smuggled into To', { to: 'a@example.com\nBcc: evil@example.com' }, 'To contains an address group ("Bcc"); list the addresses instead'],
		['two senders', { from: 'a@example.com, b@example.com' }, 'From must be a single address'],
		['no sender at all', { from: '' }, "From is empty and the credential's user is not an email address; set From"],
		['a bad CC', { options: { cc: 'boss at example.com' } }, 'CC contains "boss at example.com", which is not an email address'],
		['empty custom bodies', { bodyFormat: 'custom', customText: ' ', customHtml: '' }, 'Custom Text and Custom HTML are both empty; write at least one'],
		['an unknown body format', { bodyFormat: 'pdf' as never }, 'Body Format must be htmlAndText, text or custom (got "pdf")'],
	])('%s', (_case, change, message) => {
		expect(() => buildMessage(eventItem('sms'), { ...base, ...change })).toThrow(message);
	});
});

describe('what a message is made of', () => {
	test('a subject template that renders to nothing falls back to the default subject', () => {
		expect(buildMessage(eventItem('ussd'), { ...base, subject: '{{missing}}' }).subject).toBe('USSD *143# reply');
	});

	test('a notification without a title uses its text, then the word "notification"', () => {
		expect(buildMessage(eventItem('notifications', { title: '' }), base).subject).toBe(
			'com.facebook.katana: Someone commented on your post!',
		);
		expect(buildMessage(eventItem('notifications', { title: '', content: '' }), base).subject).toBe(
			'com.facebook.katana: notification',
		);
	});

	test('long subjects are cut to 200 characters', () => {
		const subject = buildMessage(eventItem('sms', { message: 'x'.repeat(500) }), { ...base, subject: '{{message}}' }).subject;
		expect(subject).toHaveLength(200);
		expect(subject?.endsWith('…')).toBe(true);
	});

	test('addresses keep their display names; lines, commas and semicolons separate them', () => {
		expect(parseAddresses('To', ['"Ops, Manila" <ops@example.com>\r\nb@example.com; c@example.com', 'd@example.com'])).toEqual([
			{ name: 'Ops, Manila', address: 'ops@example.com' },
			{ name: '', address: 'b@example.com' },
			{ name: '', address: 'c@example.com' },
			{ name: '', address: 'd@example.com' },
		]);
		expect(parseAddresses('To', '')).toEqual([]);
	});

	test.each([
		['a\r\nb', 'a b'],
		['tab\there', 'tab here'],
		['nul\u0000byte', 'nul byte'],
		['line\u2028separator', 'line separator'],
		['  padded  ', 'padded'],
	])('oneLine(%p) is %p', (text, expected) => {
		expect(oneLine(text)).toBe(expected);
	});
});
