/**
 * The event model's specification: what the platform sends, and what becomes of it.
 */
import { decodeBody } from '../../nodes/shared/body';
import { parseEvent } from '../../nodes/shared/parseEvent';
import { validate } from '../../nodes/shared/validation';
import {
	asN8nFormBody,
	FIXTURE_DEVICE,
	FIXTURE_SMS_ITEM,
	platformBody,
	platformForm,
	TEST_SECRET,
} from '../helpers/platformBodies';

const DEVICE = FIXTURE_DEVICE;

/** The whole path a body takes: decode what n8n handed over, then parse. */
function parse(parsedBody: unknown, rawBody?: string) {
	return parseEvent(decodeBody(parsedBody, rawBody === undefined ? undefined : Buffer.from(rawBody)));
}

function errorOf(parsedBody: unknown, rawBody?: string): string {
	const result = validate(() => parse(parsedBody, rawBody));
	if (result.ok) throw new Error(`expected a validation error, got ${JSON.stringify(result.value)}`);
	return result.error.message;
}

describe('the platform’s form-encoded webhooks, as n8n parses them', () => {
	it.each([
		['sms', FIXTURE_SMS_ITEM],
		[
			'whatsapp',
			{
				type: 'whatsapp',
				id: 2,
				wid: '+639760713666',
				phone: '+639760666713',
				message: 'Hello World!',
				timestamp: 1645684231,
				receivedAt: '2022-02-24T06:30:31.000Z',
			},
		],
		[
			'ussd',
			{
				type: 'ussd',
				id: 98,
				sim: 1,
				device: DEVICE,
				code: '*143#',
				response: 'Sorry! You are not allowed to use this service.',
				timestamp: 1645684231,
				receivedAt: '2022-02-24T06:30:31.000Z',
			},
		],
		[
			'notifications',
			{
				type: 'notification',
				id: 77,
				device: DEVICE,
				package: 'com.facebook.katana',
				title: 'Someone commented on your post!',
				content: 'Someone commented on your post!',
				timestamp: 1645684231,
				receivedAt: '2022-02-24T06:30:31.000Z',
			},
		],
	] as const)('%s becomes the canonical item, in field order and without the secret', (name, expected) => {
		const event = parse(asN8nFormBody(platformBody(name)));
		expect(event).toStrictEqual(expected);
		expect(Object.keys(event)).toEqual(Object.keys(expected));
		expect(JSON.stringify(event)).not.toContain(TEST_SECRET);
	});

	it('reads the same fields from a multipart body, as n8n hands it over ({ data, files })', () => {
		const fields = asN8nFormBody(platformBody('sms'));
		expect(parse({ data: fields, files: {} })).toEqual(parse(fields));
	});

	it('reads the same body when n8n parsed nothing (no content type) from the raw bytes', () => {
		expect(parse({}, platformBody('sms'))).toEqual(parse(asN8nFormBody(platformBody('sms'))));
	});

	it('keeps UTF-8 text, plus signs and spaces exactly as sent', () => {
		const form = platformForm({
			secret: TEST_SECRET,
			type: 'sms',
			'data[id]': '3',
			'data[rid]': '4',
			'data[sim]': '2',
			'data[device]': DEVICE,
			'data[phone]': '+82 10-1234-5678',
			'data[message]': '  안녕하세요 👋🏽 a+b=c\nline two  ',
			'data[timestamp]': '1700000000',
		});
		const event = parse(asN8nFormBody(form));
		expect(event).toMatchObject({ phone: '+82 10-1234-5678', message: '  안녕하세요 👋🏽 a+b=c\nline two  ', sim: 2 });
	});

	it.each([
		['0', undefined],
		['', undefined],
		['false', undefined],
		['https://example.com/media/photo.jpg', 'https://example.com/media/photo.jpg'],
	])('WhatsApp attachment %j becomes %j', (attachment, expected) => {
		const form = platformBody('whatsapp').replace('data%5Battachment%5D=0', `data%5Battachment%5D=${encodeURIComponent(attachment)}`);
		const event = parse(asN8nFormBody(form));
		expect(event.type).toBe('whatsapp');
		if (expected === undefined) expect(event).not.toHaveProperty('attachment');
		else expect(event).toHaveProperty('attachment', expected);
	});

	it('treats a notification without title or content (dropped by PHP when null) as empty text', () => {
		const form = platformBody('notifications').replace(/&data%5Btitle%5D=[^&]*&data%5Bcontent%5D=[^&]*/, '');
		expect(parse(asN8nFormBody(form))).toMatchObject({ type: 'notification', title: '', content: '' });
	});
});

describe('JSON bodies', () => {
	const data = { id: 5, rid: 6, sim: 2, device: DEVICE, phone: '2936', message: 'Your OTP is 1234', timestamp: 1700000000 };

	it('accepts the documented JSON shape with numbers as numbers', () => {
		expect(parse({ secret: TEST_SECRET, type: 'sms', data })).toMatchObject({ type: 'sms', id: 5, phone: '2936' });
	});

	it('accepts numbers sent as strings and a numeric phone', () => {
		const event = parse({ type: 'sms', data: { ...data, id: '5', sim: '2', phone: 639171234567 } });
		expect(event).toMatchObject({ id: 5, sim: 2, phone: '639171234567' });
	});

	it('accepts data sent as a JSON string inside a form field', () => {
		const form = platformForm({ secret: TEST_SECRET, type: 'sms', data: JSON.stringify(data) });
		expect(parse(asN8nFormBody(form))).toMatchObject({ type: 'sms', id: 5, rid: 6 });
	});

	it('accepts a raw JSON body when n8n did not parse it', () => {
		expect(parse(undefined, JSON.stringify({ type: 'sms', data }))).toMatchObject({ type: 'sms', id: 5 });
	});

	it('accepts type in capitals and the plural notifications', () => {
		expect(parse({ type: 'SMS', data }).type).toBe('sms');
		const notification = { id: 1, device: DEVICE, package: 'com.whatsapp', title: 't', content: 'c', timestamp: 1 };
		expect(parse({ type: 'notifications', data: notification }).type).toBe('notification');
	});
});

describe('malformed bodies are rejected with an error that names the field', () => {
	const sms: Record<string, unknown> = {
		id: '2',
		rid: '10593',
		sim: '1',
		device: DEVICE,
		phone: '+639760713666',
		message: 'Hello World!',
		timestamp: '1645684231',
	};
	const withSms = (changes: Record<string, unknown>) => ({ type: 'sms', data: { ...sms, ...changes } });
	const without = (field: string) => {
		const data = { ...sms };
		delete data[field];
		return { type: 'sms', data };
	};
	const huge = 'x'.repeat(100_001);

	it.each<[string, unknown, string]>([
		['empty body', {}, 'type is missing'],
		['no type', { data: sms }, 'type is missing'],
		['empty type', { type: '', data: sms }, 'type is missing'],
		['unknown type', { type: 'mms', data: sms }, 'type must be one of sms, whatsapp, ussd, notification (got "mms")'],
		['type as a list', { type: ['sms', 'ussd'], data: sms }, 'type must be text (got a list)'],
		['type as a number', { type: 1, data: sms }, 'type must be text (got 1)'],
		['no data', { type: 'sms' }, 'data is missing'],
		['data as a list', { type: 'sms', data: [sms] }, 'data must be an object (got a list)'],
		['data as text', { type: 'sms', data: 'hello' }, 'data must be an object (got text that is not JSON)'],
		['data as a JSON list', { type: 'sms', data: '[1,2]' }, 'data must be an object'],
		['data as a number', { type: 'sms', data: 7 }, 'data must be an object (got 7)'],
		['missing id', without('id'), 'data.id is missing'],
		['empty id', withSms({ id: '' }), 'data.id is missing'],
		['id not a number', withSms({ id: 'abc' }), 'data.id must be a whole number (got "abc")'],
		['negative id', withSms({ id: '-1' }), 'data.id must be a whole number (got "-1")'],
		['fractional id', withSms({ id: 2.5 }), 'data.id must be a whole number (got 2.5)'],
		['id too large', withSms({ id: '99999999999999999999' }), 'data.id is too large'],
		['id as a list', withSms({ id: ['1', '2'] }), 'data.id must be a single value, not a list'],
		['id as an object', withSms({ id: { n: 1 } }), 'data.id must be a whole number (got an object)'],
		['missing rid', without('rid'), 'data.rid is missing'],
		['sim 3', withSms({ sim: '3' }), 'data.sim must be 1 or 2 (got "3")'],
		['sim 0', withSms({ sim: 0 }), 'data.sim must be 1 or 2 (got 0)'],
		['sim as text', withSms({ sim: 'one' }), 'data.sim must be 1 or 2 (got "one")'],
		['missing device', without('device'), 'data.device is missing'],
		['empty device', withSms({ device: '' }), 'data.device is empty'],
		['device as a boolean', withSms({ device: true }), 'data.device must be text (got true)'],
		['missing phone', without('phone'), 'data.phone is missing'],
		['null phone', withSms({ phone: null }), 'data.phone is missing'],
		['phone as a list', withSms({ phone: ['+1', '+2'] }), 'data.phone must be a single value, not a list'],
		['huge phone', withSms({ phone: '1'.repeat(300) }), 'data.phone is too long (300 characters, at most 256)'],
		['missing message', without('message'), 'data.message is missing'],
		['message as an object', withSms({ message: { text: 'hi' } }), 'data.message must be text (got an object)'],
		['huge message', withSms({ message: huge }), 'data.message is too long (100001 characters, at most 100000)'],
		['missing timestamp', without('timestamp'), 'data.timestamp is missing'],
		['timestamp as a date', withSms({ timestamp: '2022-02-24' }), 'data.timestamp must be a whole number (got "2022-02-24")'],
		[
			'timestamp in milliseconds',
			withSms({ timestamp: '1645684231000' }),
			'data.timestamp must be unix seconds (got 1645684231000, which looks like milliseconds)',
		],
		['whatsapp without wid', { type: 'whatsapp', data: { id: 1, phone: '+1', message: 'x', timestamp: 1 } }, 'data.wid is missing'],
		['ussd without code', { type: 'ussd', data: { id: 1, sim: 1, device: DEVICE, response: 'x', timestamp: 1 } }, 'data.code is missing'],
		[
			'notification without package',
			{ type: 'notification', data: { id: 1, device: DEVICE, title: 't', content: 'c', timestamp: 1 } },
			'data.package is missing',
		],
		['attachment as an object', { type: 'whatsapp', data: { id: 1, wid: '+1', phone: '+2', message: 'x', timestamp: 1, attachment: { url: 'x' } } }, 'data.attachment must be text (got an object)'],
	])('%s', (_name, body, expected) => {
		expect(errorOf(body)).toBe(expected);
	});

	it.each<[string, unknown, string | undefined, string]>([
		['__proto__ inside data (form key)', { type: 'sms', 'data[__proto__][polluted]': 'yes' }, undefined, 'data.__proto__.polluted is not an allowed field name'],
		['constructor inside data (form key)', { type: 'sms', 'data[constructor][prototype]': 'x' }, undefined, 'data.constructor.prototype is not an allowed field name'],
		['__proto__ at the top (JSON)', undefined, '{"__proto__":{"polluted":true},"type":"sms"}', '__proto__ is not an allowed field name'],
		['__proto__ inside data (JSON)', undefined, '{"type":"sms","data":{"__proto__":{"polluted":true}}}', 'data.__proto__ is not an allowed field name'],
		['prototype deep inside data (JSON)', undefined, '{"type":"sms","data":{"a":{"prototype":1}}}', 'data.a.prototype is not an allowed field name'],
		['data given as a value and as fields', { type: 'sms', data: 'x', 'data[id]': '2' }, undefined, 'data is given both as a value and as fields (data[id])'],
		['raw body that is not JSON', undefined, '{"type": "sms",', 'body is not valid JSON'],
		['raw body that is a JSON list', undefined, '[{"type":"sms"}]', 'body must be a JSON object, not a list'],
		['raw body that is neither JSON nor a form', undefined, 'hello there', 'body is neither JSON nor form-encoded'],
	])('%s', (_name, parsedBody, rawBody, expected) => {
		expect(errorOf(parsedBody, rawBody)).toBe(expected);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('never echoes a long rejected value in full', () => {
		expect(errorOf(withSms({ id: 'a'.repeat(500) }))).toBe(`data.id must be a whole number (got "${'a'.repeat(40)}…")`);
	});
});
