/**
 * The SMS Gateway Ingest Trigger as phones see it: what each app's post is answered with,
 * and which item (if any) starts the workflow.
 */
import { createHmac } from 'crypto';

import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { SmsGatewayIngestTrigger } from '../../nodes/SmsGatewayIngest/SmsGatewayIngestTrigger.node';
import { forgetProcessMemories } from '../../nodes/SmsGatewayIngest/recentEvents';
import { platformBody } from '../helpers/platformBodies';
import {
	FORWARDER_KEY,
	NOW,
	OFFICE_TOKEN,
	SHOP_TOKEN,
	SIGNED,
	SMSGATE_KEY,
	SMS_DATA,
	StaticDataStore,
	UNSIGNED,
	canonicalJson,
	incomingSmsToUrlPost,
	onlyItem,
	postToIngest,
	signedSmsGatePost,
	smsForwarderPost,
	smsGateEnvelope,
	type DevicePost,
} from './ingestHarness';

beforeEach(() => forgetProcessMemories());

const smsPost = (): DevicePost => ({ raw: JSON.stringify({ type: 'sms', data: SMS_DATA }), contentType: 'json' });

describe('device tokens', () => {
	test.each<[string, Partial<DevicePost>]>([
		['Authorization: Bearer', { headers: { authorization: `Bearer ${SHOP_TOKEN}` } }],
		['Authorization: bearer (any case)', { headers: { authorization: `bearer ${SHOP_TOKEN}` } }],
		['X-Device-Token', { headers: { 'x-device-token': SHOP_TOKEN } }],
		['the token query parameter', { query: { token: SHOP_TOKEN } }],
	])('a token in %s is accepted', async (_where, carrier) => {
		const answer = await postToIngest({ ...smsPost(), ...carrier });
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ status: 'ok', id: expect.any(Number) });
		expect(onlyItem(answer).message).toBe('Hello World!');
	});

	test.each<[string, Partial<DevicePost>, string]>([
		['no token', {}, 'device token is missing'],
		['a wrong token', { query: { token: 'shop-7fQ2v9XbLr4mZt8wK2' } }, 'device token is wrong'],
		['a prefix of a token', { headers: { 'x-device-token': SHOP_TOKEN.slice(0, -1) } }, 'device token is wrong'],
		['Basic instead of Bearer', { headers: { authorization: `Basic ${SHOP_TOKEN}` } }, 'device token is missing'],
	])('%s is refused with 401 and starts nothing', async (_case, carrier, message) => {
		const answer = await postToIngest({ ...smsPost(), ...carrier });
		expect(answer.status).toBe(401);
		expect(answer.body.message).toContain(message);
		expect(answer.outputs).toBeUndefined();
	});

	test('the token is checked before the body: a bad body without token is a 401, not a 400', async () => {
		const answer = await postToIngest({ raw: '{"type":"sms"', contentType: 'form' });
		expect(answer.status).toBe(401);
	});

	test('every token in the credential works, and names the device when the app sends none', async () => {
		const withoutDevice: IDataObject = { ...SMS_DATA };
		delete withoutDevice.device;
		const fromShop = await postToIngest(canonicalJson({ ...withoutDevice, rid: 1 }));
		const fromOffice = await postToIngest({ ...canonicalJson({ ...withoutDevice, rid: 2 }), query: { token: OFFICE_TOKEN } });
		expect(onlyItem(fromShop).device).toBe('Shop phone');
		expect(onlyItem(fromOffice).device).toBe('device-2');
	});
});

describe('platform format {type, data}', () => {
	test('JSON: the same canonical item as the SMS Gateway Trigger, with the assigned id', async () => {
		const answer = await postToIngest(canonicalJson(SMS_DATA));
		expect(answer.status).toBe(200);
		expect(onlyItem(answer)).toEqual({
			type: 'sms',
			id: answer.body.id,
			rid: 10593,
			sim: 1,
			device: '00000000-0000-0000-d57d-f30cb6a89289',
			phone: '+639760713666',
			message: 'Hello World!',
			timestamp: 1645684231,
			receivedAt: '2022-02-24T06:30:31.000Z',
		});
		expect(Number.isSafeInteger(answer.body.id)).toBe(true);
		expect(answer.body.id).toBeGreaterThan(0);
	});

	test('form-encoded exactly as the platform posts it (flat data[...] keys, strings); its secret field is not kept', async () => {
		const answer = await postToIngest(
			{ raw: platformBody('ussd'), contentType: 'form', query: { token: SHOP_TOKEN } },
			{ parameters: { options: { includeRaw: true } } },
		);
		const item = onlyItem(answer);
		expect(item).toMatchObject({ type: 'ussd', id: answer.body.id, sim: 1, code: '*143#' });
		expect(item.raw).toMatchObject({ type: 'ussd', data: expect.objectContaining({ code: '*143#' }) });
		expect(JSON.stringify(item)).not.toContain('secret');
	});

	test('a device id the device sends is overwritten by the assigned one', async () => {
		const answer = await postToIngest(canonicalJson({ ...SMS_DATA, id: 7 }));
		expect(onlyItem(answer).id).toBe(answer.body.id);
		expect(answer.body.id).not.toBe(7);
	});

	test.each<[string, IDataObject, string]>([
		['a bad SIM', { ...SMS_DATA, sim: 3 }, 'data.sim must be 1 or 2 (got 3)'],
		['no rid on an SMS', { ...SMS_DATA, rid: undefined }, 'data.rid is missing'],
		['a millisecond timestamp', { ...SMS_DATA, timestamp: 1645684231000 }, 'data.timestamp must be unix seconds'],
	])('%s is a 400 naming the field, and starts nothing', async (_case, data, message) => {
		const answer = await postToIngest(canonicalJson(data));
		expect(answer.status).toBe(400);
		expect(answer.body.message).toContain(message);
		expect(answer.outputs).toBeUndefined();
	});

	test('a body in no known format is a 400 naming the body', async () => {
		const answer = await postToIngest({ raw: '{"hello":"world"}', contentType: 'json', query: { token: SHOP_TOKEN } });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toMatch(/^body is in no known format/);
	});
});

describe('SMSGate webhooks', () => {
	test('a signed sms:received becomes an SMS item', async () => {
		const answer = await postToIngest(signedSmsGatePost(smsGateEnvelope()), { credential: SIGNED });
		expect(answer.status).toBe(200);
		expect(onlyItem(answer)).toEqual({
			type: 'sms',
			id: answer.body.id,
			rid: answer.body.id,
			sim: 1,
			device: 'ffffffffceb0b1db0000018e937c815b',
			phone: '6505551212',
			message: 'Android is always a sweet treat!',
			timestamp: 1719045971,
			receivedAt: '2024-06-22T08:46:11.000Z',
		});
	});

	test('system:ping is answered 200 and starts nothing', async () => {
		const answer = await postToIngest(
			signedSmsGatePost(smsGateEnvelope({ event: 'system:ping', payload: { health: { status: 'pass' } } })),
			{ credential: SIGNED },
		);
		expect(answer).toEqual({ status: 200, body: { status: 'ok' }, outputs: undefined });
	});

	test('reports about sent messages are answered 200 (or the app retries for days) and start nothing', async () => {
		const answer = await postToIngest(
			signedSmsGatePost(smsGateEnvelope({ event: 'sms:delivered', payload: { messageId: 'x', deliveredAt: '' } })),
			{ credential: SIGNED },
		);
		expect(answer.status).toBe(200);
		expect(answer.outputs).toBeUndefined();
	});

	const tampered = (): DevicePost => {
		const post = signedSmsGatePost(smsGateEnvelope());
		return { ...post, raw: post.raw.replace('sweet treat', 'sour treat') };
	};
	const withoutHeader = (name: string) => (): DevicePost => {
		const post = signedSmsGatePost(smsGateEnvelope());
		const headers = { ...post.headers };
		delete headers[name];
		return { ...post, headers };
	};
	test.each<[string, () => DevicePost, string]>([
		['a tampered body', tampered, 'X-Signature does not match'],
		['a wrong key', () => signedSmsGatePost(smsGateEnvelope(), 'another-key'), 'X-Signature does not match'],
		['a timestamp 6 minutes old', () => signedSmsGatePost(smsGateEnvelope(), SMSGATE_KEY, NOW() - 360), 'more than 5 minutes'],
		['a timestamp 6 minutes ahead', () => signedSmsGatePost(smsGateEnvelope(), SMSGATE_KEY, NOW() + 360), 'more than 5 minutes'],
		['no X-Signature', withoutHeader('x-signature'), 'X-Signature header is missing'],
		['no X-Timestamp', withoutHeader('x-timestamp'), 'X-Timestamp header is missing'],
	])('%s is refused with 401 and starts nothing', async (_case, build, message) => {
		const answer = await postToIngest(build(), { credential: SIGNED });
		expect(answer.status).toBe(401);
		expect(answer.body.message).toContain(message);
		expect(answer.outputs).toBeUndefined();
	});

	test('a timestamp 4 minutes old is still inside the window', async () => {
		const answer = await postToIngest(signedSmsGatePost(smsGateEnvelope(), SMSGATE_KEY, NOW() - 240), { credential: SIGNED });
		expect(answer.status).toBe(200);
	});

	test('without a signing key in the credential, unsigned webhooks are accepted (the token still is required)', async () => {
		const post = signedSmsGatePost(smsGateEnvelope());
		const answer = await postToIngest({ ...post, headers: {} });
		expect(answer.status).toBe(200);
	});

	test('a single-SIM phone (simNumber null) reports SIM 1', async () => {
		const answer = await postToIngest(signedSmsGatePost(smsGateEnvelope({}, { simNumber: null })), { credential: SIGNED });
		expect(onlyItem(answer).sim).toBe(1);
	});

	test.each<[string, IDataObject, string]>([
		['no sender', { phoneNumber: undefined }, 'payload.phoneNumber is missing'],
		['a bad date', { receivedAt: 'yesterday' }, 'payload.receivedAt must be a date and time'],
		['SIM 3', { simNumber: 3 }, 'payload.simNumber must be 1 or 2'],
	])('%s is a 400 naming the SMSGate field', async (_case, payload, message) => {
		const answer = await postToIngest(signedSmsGatePost(smsGateEnvelope({}, payload)), { credential: SIGNED });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toContain(message);
	});
});

describe('forwarder apps', () => {
	const incoming = { from: '+15551234567', text: 'Your code is 4411', sentStamp: 1719045970000, receivedStamp: 1719045971123, sim: 'sim2' };

	test('"Incoming SMS to URL forwarder" JSON becomes an SMS item of the token\'s device', async () => {
		const answer = await postToIngest(incomingSmsToUrlPost(incoming));
		expect(onlyItem(answer)).toEqual({
			type: 'sms',
			id: answer.body.id,
			rid: answer.body.id,
			sim: 2,
			device: 'Shop phone',
			phone: '+15551234567',
			message: 'Your code is 4411',
			timestamp: 1719045971,
			receivedAt: '2024-06-22T08:46:11.000Z',
		});
	});

	test.each(['hex', 'base64'] as const)('its X-Signature (%s HMAC-SHA256 of the body) is verified when a key is set', async (encoding) => {
		const answer = await postToIngest(incomingSmsToUrlPost(incoming, FORWARDER_KEY, encoding), { credential: SIGNED });
		expect(answer.status).toBe(200);
	});

	test.each<[string, DevicePost, string]>([
		['no X-Signature', incomingSmsToUrlPost(incoming), 'X-Signature header is missing'],
		['a wrong key', incomingSmsToUrlPost(incoming, 'not-the-key'), 'X-Signature does not match'],
		[
			'a tampered body',
			{ ...incomingSmsToUrlPost(incoming, FORWARDER_KEY), raw: JSON.stringify({ ...incoming, text: 'Your code is 9999' }) },
			'X-Signature does not match',
		],
	])('with a key set, %s is refused with 401', async (_case, post, message) => {
		const answer = await postToIngest(post, { credential: SIGNED });
		expect(answer.status).toBe(401);
		expect(answer.body.message).toBe(message);
	});

	const forwarded = { from: '10086', content: 'Balance: 12.50', timestamp: '1719045971123' };

	test('SmsForwarder form with a valid sign becomes an SMS item', async () => {
		const answer = await postToIngest(smsForwarderPost(forwarded, FORWARDER_KEY), { credential: SIGNED });
		expect(answer.status).toBe(200);
		expect(onlyItem(answer)).toMatchObject({ type: 'sms', phone: '10086', message: 'Balance: 12.50', timestamp: 1719045971, sim: 1 });
	});

	test('SmsForwarder: a sign that was URL-encoded only once is accepted too', async () => {
		const sign = createHmac('sha256', FORWARDER_KEY).update(`${forwarded.timestamp}\n${FORWARDER_KEY}`).digest('base64');
		const raw = new URLSearchParams({ ...forwarded, sign }).toString();
		const answer = await postToIngest({ raw, contentType: 'form', query: { token: SHOP_TOKEN } }, { credential: SIGNED });
		expect(answer.status).toBe(200);
	});

	test.each<[string, DevicePost, string]>([
		['no sign', smsForwarderPost(forwarded), 'sign is missing'],
		['a sign made with another key', smsForwarderPost(forwarded, 'not-the-key'), 'sign does not match'],
		[
			'a sign for another timestamp',
			{ ...smsForwarderPost(forwarded, FORWARDER_KEY), raw: smsForwarderPost(forwarded, FORWARDER_KEY).raw.replace('1719045971123', '1719045999999') },
			'sign does not match',
		],
	])('SmsForwarder with a key set: %s is refused with 401', async (_case, post, message) => {
		const answer = await postToIngest(post, { credential: SIGNED });
		expect(answer.status).toBe(401);
		expect(answer.body.message).toBe(message);
	});

	test('a chosen format is not second-guessed: an SMSGate body under "Platform Format" is a 400 about type', async () => {
		const answer = await postToIngest(signedSmsGatePost(smsGateEnvelope()), { parameters: { format: 'canonical' } });
		expect(answer.status).toBe(400);
		expect(answer.body.message).toBe('type is missing');
	});
});

describe('retries are dropped', () => {
	test.each<[string, () => DevicePost, () => DevicePost]>([
		['platform format (same device and rid)', () => canonicalJson(SMS_DATA), () => canonicalJson({ ...SMS_DATA, message: 'edited' })],
		[
			'SMSGate (same envelope id, signed again later)',
			() => signedSmsGatePost(smsGateEnvelope(), SMSGATE_KEY, NOW() - 20),
			() => signedSmsGatePost(smsGateEnvelope(), SMSGATE_KEY, NOW()),
		],
		[
			'Incoming SMS to URL (same sender, text and time)',
			() => incomingSmsToUrlPost({ from: '+1555', text: 'hi', receivedStamp: 1719045971123 }, FORWARDER_KEY),
			() => incomingSmsToUrlPost({ from: '+1555', text: 'hi', receivedStamp: 1719045971123 }, FORWARDER_KEY),
		],
	])('%s: the repeat gets the original id and starts nothing', async (_format, first, repeat) => {
		const store = new StaticDataStore();
		const original = await postToIngest(first(), { store, credential: SIGNED });
		const retried = await postToIngest(repeat(), { store, credential: SIGNED });
		expect(original.outputs).toBeDefined();
		expect(retried).toEqual({ status: 200, body: { status: 'ok', id: original.body.id, duplicate: true }, outputs: undefined });
	});

	test('other rids, other devices and other SMSGate ids are new events', async () => {
		const store = new StaticDataStore();
		const answers = [
			await postToIngest(canonicalJson(SMS_DATA), { store }),
			await postToIngest(canonicalJson({ ...SMS_DATA, rid: 10594 }), { store }),
			await postToIngest(canonicalJson({ ...SMS_DATA, device: 'another-phone' }), { store }),
			await postToIngest(signedSmsGatePost(smsGateEnvelope()), { store }),
			await postToIngest(signedSmsGatePost(smsGateEnvelope({ id: 'other-envelope' })), { store }),
		];
		const ids = answers.map((answer) => answer.body.id);
		expect(answers.every((answer) => answer.outputs !== undefined)).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
	});

	test('the memory survives a restart: static data alone recognises a retry', async () => {
		const store = new StaticDataStore();
		const original = await postToIngest(canonicalJson(SMS_DATA), { store });
		forgetProcessMemories();
		const retried = await postToIngest(canonicalJson(SMS_DATA), { store });
		expect(retried.body).toEqual({ status: 'ok', id: original.body.id, duplicate: true });
	});

	test('a filtered-out event still takes an id, so its retry is recognised too', async () => {
		const store = new StaticDataStore();
		const parameters = { filters: { skipMachineSenders: true } };
		const fromBank = canonicalJson({ ...SMS_DATA, phone: 'GCASH' });
		const first = await postToIngest(fromBank, { store, parameters });
		const again = await postToIngest(fromBank, { store, parameters });
		expect(first.body).toEqual({ status: 'ok', id: expect.any(Number), ignored: expect.stringContaining('GCASH') });
		expect(first.outputs).toBeUndefined();
		expect(again.body).toEqual({ status: 'ok', id: first.body.id, duplicate: true });
	});
});

describe('ids under concurrent posts', () => {
	const POSTS = 1000;

	test(`${POSTS} different SMS posted at once, all stamped the same second, get ${POSTS} different ids; re-posting them all starts nothing`, async () => {
		// Every request works on its own copy of static data and saves it back: last write wins.
		const store = new StaticDataStore();
		const posts = Array.from({ length: POSTS }, (_, rid) => canonicalJson({ ...SMS_DATA, rid }));

		const first = await Promise.all(posts.map((post) => postToIngest(post, { store })));
		const ids = first.map((answer) => answer.body.id as number);
		expect(first.every((answer) => answer.status === 200 && answer.outputs !== undefined)).toBe(true);
		expect(new Set(ids).size).toBe(POSTS);
		expect(ids.every((id) => Number.isSafeInteger(id) && id > 0)).toBe(true);
		first.forEach((answer) => expect(onlyItem(answer).id).toBe(answer.body.id));

		const again = await Promise.all(posts.map((post) => postToIngest(post, { store })));
		expect(again.filter((answer) => answer.outputs !== undefined)).toHaveLength(0);
		expect(again.map((answer) => answer.body.id)).toEqual(ids);
	});

	test('after concurrent saves overwrote each other, the next request writes every remembered event back', async () => {
		const store = new StaticDataStore();
		await Promise.all(Array.from({ length: 50 }, (_, rid) => postToIngest(canonicalJson({ ...SMS_DATA, rid }), { store })));
		await postToIngest(canonicalJson({ ...SMS_DATA, rid: 999 }), { store });
		forgetProcessMemories(); // only static data is left
		const retries = await Promise.all(
			Array.from({ length: 50 }, (_, rid) => postToIngest(canonicalJson({ ...SMS_DATA, rid }), { store })),
		);
		expect(retries.every((answer) => answer.body.duplicate === true)).toBe(true);
	});
});

describe('filters and outputs (shared with the SMS Gateway Trigger)', () => {
	test('one output per type: a USSD response leaves by the USSD output', async () => {
		const ussd = { rid: 5, sim: 2, device: 'd1', code: '*143#', response: 'Balance 5', timestamp: 1645684231 };
		const answer = await postToIngest(canonicalJson(ussd, 'ussd'), { parameters: { outputMode: 'perType' } });
		expect(answer.outputs?.map((output) => output.length)).toEqual([0, 0, 1, 0]);
		expect(answer.outputs?.[2][0].json).toMatchObject({ type: 'ussd', id: answer.body.id, sim: 2 });
	});

	test('an event type that is not selected is acknowledged with its id and starts nothing', async () => {
		const answer = await postToIngest(canonicalJson(SMS_DATA), { parameters: { events: ['whatsapp'] } });
		expect(answer.body).toEqual({ status: 'ok', id: expect.any(Number), ignored: 'event type sms is not selected' });
		expect(answer.outputs).toBeUndefined();
	});
});

describe('secrets stay out of answers and items', () => {
	test('no token or signing key appears in any answer or item, accepted or refused', async () => {
		const parameters = { options: { includeRaw: true } };
		const posts: DevicePost[] = [
			{ ...canonicalJson(SMS_DATA), raw: JSON.stringify({ type: 'sms', data: SMS_DATA, token: SHOP_TOKEN, secret: SMSGATE_KEY }) },
			{ ...canonicalJson(SMS_DATA), query: { token: `${SHOP_TOKEN}x` } },
			{ ...canonicalJson({ ...SMS_DATA, sim: 9 }), headers: { authorization: `Bearer ${OFFICE_TOKEN}` } },
			signedSmsGatePost(smsGateEnvelope({ id: 'z' }), 'wrong'),
			signedSmsGatePost(smsGateEnvelope({ id: 'y' })),
			smsForwarderPost({ from: '1', content: 'x', timestamp: '1719045971123' }, FORWARDER_KEY),
			smsForwarderPost({ from: '1', content: 'x', timestamp: '1719045971123' }, 'wrong'),
		];
		const answers = await Promise.all(posts.map((post) => postToIngest(post, { credential: SIGNED, parameters })));
		expect(answers.map((answer) => answer.status)).toEqual([200, 401, 400, 401, 200, 200, 401]);
		const everything = JSON.stringify(answers);
		for (const secret of [SHOP_TOKEN, OFFICE_TOKEN, SMSGATE_KEY, FORWARDER_KEY]) expect(everything).not.toContain(secret);
	});
});

describe('credential test', () => {
	const test_ = (tokens: string) =>
		new SmsGatewayIngestTrigger().methods.credentialTest.smsGatewayDeviceTokensTest.call(
			{} as ICredentialTestFunctions,
			{ id: '1', name: 'Device', type: 'smsGatewayDeviceApi', data: { ...UNSIGNED, tokens } },
		);

	test('usable tokens pass and the devices are listed by name, never by token', async () => {
		const result = await test_(UNSIGNED.tokens);
		expect(result).toEqual({ status: 'OK', message: '2 device token(s) set: Shop phone, device-2' });
	});

	test.each<[string, string, string]>([
		['no token', '', 'Add at least one device token'],
		['a short token', 'abc:Phone', 'Token 1 is shorter than 12 characters'],
		['a token listed twice', `${SHOP_TOKEN}, ${SHOP_TOKEN}:Again`, 'Token 2 is listed twice'],
	])('%s fails the test', async (_case, tokens, message) => {
		const result = await test_(tokens);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
		expect(result.message).not.toContain(SHOP_TOKEN);
	});
});
