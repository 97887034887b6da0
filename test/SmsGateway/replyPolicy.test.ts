/**
 * The auto-reply policy without n8n: rules, quiet hours and each protection. Every
 * protection is tested on and off, so each test fails if the protection is removed.
 */
import type { SmsEvent } from '../../nodes/shared/events';
import {
	DEFAULT_PROTECTIONS,
	MAX_REMEMBERED_SENDERS,
	decideReply,
	emptyMemory,
	readMemory,
	recordReply,
	type ReplyMemory,
	type ReplyProtections,
} from '../../nodes/SmsGateway/reply/policy';
import { isQuietTime, validateQuietHours } from '../../nodes/SmsGateway/reply/quietHours';
import { chooseReply, validateRules, type ReplyRule } from '../../nodes/SmsGateway/reply/rules';

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-02T15:00:00Z');

function sms(phone: string, message: string): SmsEvent {
	return { type: 'sms', id: 1, rid: 1, sim: 1, device: 'dev', phone, message, timestamp: 1, receivedAt: '' };
}

type DecideOptions = Partial<ReplyProtections> & { memory?: ReplyMemory; now?: number; text?: string };

function decide(event: SmsEvent, options: DecideOptions = {}) {
	const { memory = emptyMemory(), now = T0, ...rest } = options;
	// `text: undefined` means "no reply text", so the default applies only when it is absent.
	const text = 'text' in rest ? rest.text : 'Thanks, we will call you back';
	const protections: Partial<ReplyProtections> = { ...rest };
	delete (protections as DecideOptions).text;
	return decideReply({ event, protections: { ...DEFAULT_PROTECTIONS, ...protections }, memory, now, replyText: () => text });
}

/** Decides, and records the reply when there is one, like the node does after sending. */
function exchange(memory: ReplyMemory, event: SmsEvent, now: number, options: Partial<ReplyProtections> & { text?: string } = {}) {
	const decision = decide(event, { ...options, memory, now });
	if (decision.action === 'reply') recordReply(memory, event, decision.text, now);
	return decision;
}

describe('reply rules', () => {
	const rules: ReplyRule[] = [
		{ match: 'exact', pattern: 'hours', reply: 'Open 9–5' },
		{ match: 'startsWith', pattern: 'info', reply: 'See example.com' },
		{ match: 'regex', pattern: '^order\\s+#?(\\d+)$', reply: 'Checking your order' },
		{ match: 'contains', pattern: 'price', reply: 'Prices at example.com/prices' },
		{ match: 'contains', pattern: 'price list', reply: 'never: the rule above matches first' },
	];

	it.each([
		['What is the PRICE?', true, 'Prices at example.com/prices'],
		['price list please', true, 'Prices at example.com/prices'],
		[' Hours ', true, 'Open 9–5'],
		['hours?', true, 'Sorry, I did not understand'],
		['INFO please', true, 'See example.com'],
		['Order #1042', true, 'Checking your order'],
		['Order #1042', false, 'Sorry, I did not understand'],
		['What is the PRICE?', false, 'Sorry, I did not understand'],
		['what is the price?', false, 'Prices at example.com/prices'],
	])('answers %j (ignore case: %s) with %j', (message, caseInsensitive, expected) => {
		const choice = chooseReply(message, rules, { caseInsensitive, defaultReply: 'Sorry, I did not understand' });
		expect(choice.matched && choice.text).toBe(expected);
	});

	it('has no reply when nothing matches and there is no default', () => {
		expect(chooseReply('hello', rules, { caseInsensitive: true, defaultReply: '' })).toEqual({ matched: false });
	});

	it.each([
		[[{ match: 'regex', pattern: '(unclosed', reply: 'x' }], /^Rule 1 has an invalid regular expression: /],
		[[rules[0], { match: 'contains', pattern: '', reply: 'x' }], /^Rule 2 has an empty pattern$/],
	] as Array<[ReplyRule[], RegExp]>)('names the rule that cannot be used', (bad, message) => {
		expect(() => validateRules(bad)).toThrow(message);
	});
});

describe('quiet hours', () => {
	const night = { start: '21:00', end: '08:00', timeZone: 'America/New_York' };
	it.each([
		['2026-01-15T03:30:00Z', night, true], // 22:30 in New York (EST)
		['2026-01-15T12:59:00Z', night, true], // 07:59
		['2026-01-15T13:00:00Z', night, false], // 08:00
		['2026-01-15T20:00:00Z', night, false], // 15:00
		['2026-07-15T01:30:00Z', night, true], // 21:30 in summer (EDT)
		['2026-01-15T05:30:00Z', { start: '13:00', end: '14:00', timeZone: 'Asia/Manila' }, true],
		['2026-01-15T05:30:00Z', { start: '13:00', end: '13:00', timeZone: 'Asia/Manila' }, false],
	])('at %s with %j: quiet = %s', (at, quiet, expected) => {
		expect(isQuietTime(new Date(at), quiet)).toBe(expected);
	});

	it.each([
		[{ ...night, start: '25:00' }, 'Quiet hours start must be a time like 21:00 (got "25:00")'],
		[{ ...night, end: '8am' }, 'Quiet hours end must be a time like 21:00 (got "8am")'],
		[{ ...night, timeZone: 'Mars/Olympus' }, 'Quiet hours time zone is not a known time zone (got "Mars/Olympus")'],
	])('refuses %j', (quiet, message) => {
		expect(() => validateQuietHours(quiet)).toThrow(message);
	});
});

describe('protections', () => {
	const person = '+639171234567';

	it('replies to a person with the reply text', () => {
		expect(decide(sms(person, 'Hi'))).toEqual({ action: 'reply', text: 'Thanks, we will call you back' });
	});

	it.each(['2936', 'GCASH', '21 58'])('does not answer the machine sender %s unless told to', (sender) => {
		expect(decide(sms(sender, 'Your OTP is 1234'))).toMatchObject({ action: 'skip', reason: 'machineSender' });
		expect(decide(sms(sender, 'Your OTP is 1234'), { skipMachineSenders: false })).toMatchObject({ action: 'reply' });
	});

	it('answers a sender at most N times per window, counting across executions', () => {
		const memory = emptyMemory();
		const say = (minutes: number, text: string) => exchange(memory, sms(person, 'Hi'), T0 + minutes * MINUTE, { text });
		expect(say(0, 'one')).toMatchObject({ action: 'reply' });
		expect(say(9, 'two')).toMatchObject({ action: 'skip', reason: 'rateLimit', detail: `1 reply to ${person} in the last 10 minutes (limit 1)` });
		expect(say(10, 'three')).toMatchObject({ action: 'reply' });
	});

	it('allows the configured number of replies, and none past it', () => {
		const memory = emptyMemory();
		const outcomes = [0, 1, 2, 3].map((minute) =>
			exchange(memory, sms(person, 'Hi'), T0 + minute * MINUTE, { maxReplies: 3, windowMinutes: 60, text: `reply ${minute}` }).action,
		);
		expect(outcomes).toEqual(['reply', 'reply', 'reply', 'skip']);
	});

	it('without the limit, answers every message with new text', () => {
		const memory = emptyMemory();
		const outcomes = [0, 1, 2].map((minute) =>
			exchange(memory, sms(person, 'Hi'), T0 + minute * MINUTE, { limitReplies: false, text: `reply ${minute}` }).action,
		);
		expect(outcomes).toEqual(['reply', 'reply', 'reply']);
	});

	it('never sends the same text twice in a row to a sender within the window', () => {
		const memory = emptyMemory();
		const say = (minutes: number, text: string, skipRepeatedText = true) =>
			exchange(memory, sms(person, 'Hi'), T0 + minutes * MINUTE, { limitReplies: false, skipRepeatedText, text });
		expect(say(0, 'Thanks!')).toMatchObject({ action: 'reply' });
		expect(say(1, 'Thanks!')).toMatchObject({ action: 'skip', reason: 'repeatedText' });
		expect(say(2, 'Thanks!', false)).toMatchObject({ action: 'reply' });
		expect(say(3, 'Something else')).toMatchObject({ action: 'reply' });
		expect(say(20, 'Something else')).toMatchObject({ action: 'reply' });
	});

	it.each(['STOP', 'stop', 'Stop.', ' STOPALL ', 'unsubscribe', 'Cancel!', 'END', 'quit'])(
		'treats %j as an opt-out that lasts beyond the window, until START',
		(keyword) => {
			const memory = emptyMemory();
			expect(exchange(memory, sms(person, keyword), T0)).toMatchObject({ action: 'skip', reason: 'stopKeyword' });
			expect(exchange(memory, sms(person, 'Hello?'), T0 + 24 * 60 * MINUTE)).toMatchObject({ action: 'skip', reason: 'optedOut' });
			expect(exchange(memory, sms(person, 'Start'), T0 + 25 * 60 * MINUTE)).toMatchObject({ action: 'reply' });
		},
	);

	it('knows UNSTOP as opt-in, and that a sentence containing stop is not a keyword', () => {
		const memory = emptyMemory();
		exchange(memory, sms(person, 'STOP'), T0);
		expect(exchange(memory, sms(person, 'unstop'), T0 + MINUTE)).toMatchObject({ action: 'reply' });
		expect(decide(sms('+639170000000', 'Please stop by the shop'))).toMatchObject({ action: 'reply' });
	});

	it('with STOP handling off, answers STOP like any message', () => {
		expect(decide(sms(person, 'STOP'), { honorStopKeywords: false })).toMatchObject({ action: 'reply' });
	});

	it('sends nothing during quiet hours', () => {
		const quietHours = { start: '14:00', end: '16:00', timeZone: 'UTC' }; // T0 is 15:00 UTC
		expect(decide(sms(person, 'Hi'), { quietHours })).toMatchObject({ action: 'skip', reason: 'quietHours' });
		expect(decide(sms(person, 'Hi'), { quietHours: { ...quietHours, start: '16:00', end: '18:00' } })).toMatchObject({ action: 'reply' });
	});

	it('skips when there is no reply text', () => {
		expect(decide(sms(person, 'Hi'), { text: undefined })).toMatchObject({ action: 'skip', reason: 'noReplyText' });
		expect(decide(sms(person, 'Hi'), { text: '   ' })).toMatchObject({ action: 'skip', reason: 'noReplyText' });
	});

	it('tells spellings of one number apart from other numbers', () => {
		const memory = emptyMemory();
		exchange(memory, sms('+63 917-123-4567', 'Hi'), T0);
		expect(exchange(memory, sms('+639171234567', 'Hi'), T0 + MINUTE)).toMatchObject({ reason: 'rateLimit' });
		expect(exchange(memory, sms('+639179999999', 'Hi'), T0 + MINUTE)).toMatchObject({ action: 'reply' });
	});
});

describe('memory', () => {
	it('survives being stored as JSON, and ignores stored values that are not memory', () => {
		const memory = emptyMemory();
		exchange(memory, sms('+639171234567', 'Hi'), T0);
		const restored = readMemory(JSON.parse(JSON.stringify(memory)));
		expect(exchange(restored, sms('+639171234567', 'Hi'), T0 + MINUTE)).toMatchObject({ reason: 'rateLimit' });
		expect(readMemory('garbage')).toEqual(emptyMemory());
		expect(readMemory({ senders: [] })).toEqual(emptyMemory());
	});

	it('forgets senders once nothing about them matters, but not opt-outs', () => {
		const memory = emptyMemory();
		exchange(memory, sms('+639171234567', 'Hi'), T0);
		exchange(memory, sms('+639170000001', 'STOP'), T0);
		exchange(memory, sms('+639170000002', 'Hi'), T0 + 11 * MINUTE);
		expect(Object.keys(memory.senders).sort()).toEqual(['sms:+639170000001', 'sms:+639170000002']);
	});

	it('stays bounded, evicting the longest-unseen senders before any opted-out one', () => {
		const memory = emptyMemory();
		exchange(memory, sms('+15550000000', 'STOP'), T0);
		for (let i = 1; i <= MAX_REMEMBERED_SENDERS + 50; i++) {
			exchange(memory, sms(`+1555${String(i).padStart(7, '0')}`, 'Hi'), T0 + i, { windowMinutes: 60 });
		}
		const remembered = Object.keys(memory.senders);
		expect(remembered.length).toBeLessThanOrEqual(MAX_REMEMBERED_SENDERS + 1);
		expect(remembered).toContain('sms:+15550000000');
		expect(remembered).not.toContain('sms:+15550000001');
		expect(remembered).toContain(`sms:+1555${String(MAX_REMEMBERED_SENDERS + 50).padStart(7, '0')}`);
	});
});
