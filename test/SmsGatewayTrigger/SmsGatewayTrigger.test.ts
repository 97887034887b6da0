/**
 * The SMS Gateway Trigger as n8n drives it: `webhook()` on a request, the answer the
 * platform gets, and the items (if any) that start an execution.
 */
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { SmsGatewayTrigger } from '../../nodes/SmsGatewayTrigger/SmsGatewayTrigger.node';
import { createWebhookContext, type ParameterValue, type WebhookRequest } from '../helpers/n8nContext';
import {
	asN8nFormBody,
	FIXTURE_DEVICE,
	FIXTURE_SMS_ITEM,
	platformBody,
	platformForm,
	TEST_SECRET,
	type FixtureName,
} from '../helpers/platformBodies';

const DEVICE = FIXTURE_DEVICE;

interface Delivery {
	/** HTTP status the platform sees. */
	status: number;
	/** Body the platform sees. */
	body: unknown;
	/** Items per output, or undefined when no execution starts. */
	outputs?: IDataObject[][];
}

async function deliver(request: WebhookRequest, parameters: Record<string, ParameterValue> = {}): Promise<Delivery> {
	const { context, response } = createWebhookContext(request, {
		parameters: { path: 'sms-gateway', ...parameters },
		credentials: { smsGatewayWebhookApi: { secret: TEST_SECRET } },
	});
	const result: IWebhookResponseData = await new SmsGatewayTrigger().webhook.call(context);
	if (result.noWebhookResponse) {
		expect(result.workflowData).toBeUndefined();
		return { status: response.statusCode ?? 0, body: response.body };
	}
	return {
		status: 200,
		body: result.webhookResponse,
		outputs: result.workflowData?.map((output) => output.map((item) => item.json)),
	};
}

const form = (name: FixtureName, secret = TEST_SECRET) => ({ body: asN8nFormBody(platformBody(name, secret)) });

describe('authentication', () => {
	it.each<[string, WebhookRequest, string]>([
		['no secret', { body: asN8nFormBody(platformBody('sms').replace(/^secret=[^&]*&/, '')) }, 'secret is missing'],
		['an empty secret', form('sms', ''), 'secret is missing'],
		['a wrong secret of the same length', form('sms', TEST_SECRET.replace(/.$/, 'X')), 'secret is wrong'],
		['a wrong secret of another length', form('sms', 'short'), 'secret is wrong'],
		['the secret with a space appended', form('sms', `${TEST_SECRET} `), 'secret is wrong'],
		['the secret twice (a list)', { body: { ...asN8nFormBody(platformBody('sms')), secret: [TEST_SECRET, TEST_SECRET] } }, 'secret is wrong'],
		['an empty body', { body: {} }, 'secret is missing'],
		['a body that cannot be read', { body: undefined, rawBody: Buffer.from('{not json') }, 'secret is missing (body is not valid JSON)'],
	])('%s is refused with 401 and no execution', async (_name, request, message) => {
		const delivery = await deliver(request);
		expect(delivery).toEqual({ status: 401, body: { status: 'error', message } });
		expect(JSON.stringify(delivery)).not.toContain(TEST_SECRET);
	});

	it('is checked before the body, so a stranger learns nothing about the format', async () => {
		expect(await deliver({ body: { secret: 'guess', type: 'bogus' } })).toMatchObject({ status: 401 });
	});
});

describe('validation', () => {
	it('answers 400 naming the field, with no execution', async () => {
		const body = asN8nFormBody(platformBody('sms').replace('data%5Bsim%5D=1', 'data%5Bsim%5D=3'));
		expect(await deliver({ body })).toEqual({
			status: 400,
			body: { status: 'error', message: 'data.sim must be 1 or 2 (got "3")' },
		});
	});

	it('answers 400 for an unknown type', async () => {
		const delivery = await deliver({ body: { secret: TEST_SECRET, type: 'mms', data: {} } });
		expect(delivery).toMatchObject({ status: 400, body: { message: expect.stringContaining('type must be one of') } });
	});
});

describe('accepted events', () => {
	it('answers 200 {"status":"ok"} and emits the typed item without the secret', async () => {
		const delivery = await deliver(form('sms'), { options: { includeRaw: false } });
		expect(delivery.status).toBe(200);
		expect(delivery.body).toEqual({ status: 'ok' });
		expect(delivery.outputs).toEqual([[FIXTURE_SMS_ITEM]]);
	});

	it('adds the raw body without the secret when asked', async () => {
		const delivery = await deliver(form('ussd'), { options: { includeRaw: true } });
		const item = delivery.outputs?.[0][0];
		expect(item?.raw).toEqual({
			type: 'ussd',
			data: {
				id: '98',
				sim: '1',
				device: DEVICE,
				code: '*143#',
				response: 'Sorry! You are not allowed to use this service.',
				timestamp: '1645684231',
			},
		});
		expect(JSON.stringify(delivery)).not.toContain(TEST_SECRET);
	});

	it('accepts a multipart body (n8n hands it over as { data, files })', async () => {
		const delivery = await deliver({ body: { data: asN8nFormBody(platformBody('sms')), files: {} } }, { options: { includeRaw: false } });
		expect(delivery.outputs).toEqual([[FIXTURE_SMS_ITEM]]);
	});

	it('accepts a JSON body', async () => {
		const data = { id: 9, wid: '+639760713666', phone: '+15551234567', message: 'hi', timestamp: 1700000000 };
		const delivery = await deliver({ body: { secret: TEST_SECRET, type: 'whatsapp', data } });
		expect(delivery.outputs?.[0][0]).toMatchObject({ type: 'whatsapp', id: 9, phone: '+15551234567' });
	});

	it('emits the plural notifications as notification', async () => {
		const delivery = await deliver(form('notifications'));
		expect(delivery.outputs?.[0][0]).toMatchObject({ type: 'notification', package: 'com.facebook.katana' });
	});

	it('writes sender numbers in E.164 form with a default country code', async () => {
		const body = asN8nFormBody(platformBody('sms').replace('%2B639760713666', '0976-071-3666'));
		const delivery = await deliver({ body }, { options: { defaultCountryCode: '63' } });
		expect(delivery.outputs?.[0][0]).toMatchObject({ phone: '+639760713666' });
	});
});

describe('events and filters', () => {
	it('acknowledges an unselected type with 200 and starts no execution', async () => {
		const delivery = await deliver(form('ussd'), { events: ['sms', 'whatsapp'] });
		expect(delivery).toEqual({
			status: 200,
			body: { status: 'ok', ignored: 'event type ussd is not selected' },
			outputs: undefined,
		});
	});

	const smsFrom = (phone: string) => ({
		body: asN8nFormBody(platformBody('sms').replace('%2B639760713666', encodeURIComponent(phone))),
	});

	it.each<[string, WebhookRequest, IDataObject, boolean]>([
		['device in the list', form('sms'), { deviceIds: `other-device, ${DEVICE}` }, true],
		['device not in the list', form('sms'), { deviceIds: 'other-device' }, false],
		['SIM 1 when SIM 1 is selected', form('sms'), { simSlot: '1' }, true],
		['SIM 1 when SIM 2 is selected', form('sms'), { simSlot: '2' }, false],
		['USSD on SIM 1 when SIM 2 is selected', form('ussd'), { simSlot: '2' }, false],
		['sender in the list, written with spaces', form('sms'), { senders: '+63 976 071 3666' }, true],
		['sender not in the list', form('sms'), { senders: '+15551234567' }, false],
		['short code when machines are skipped', smsFrom('2936'), { skipMachineSenders: true }, false],
		['named sender when machines are skipped', smsFrom('GCASH'), { skipMachineSenders: true }, false],
		['person when machines are skipped', form('sms'), { skipMachineSenders: true }, true],
		['short code when machines are not skipped', smsFrom('2936'), { skipMachineSenders: false }, true],
		['WhatsApp account in the list', form('whatsapp'), { whatsappAccounts: '+639760713666' }, true],
		['WhatsApp account not in the list', form('whatsapp'), { whatsappAccounts: '+15550000000' }, false],
		['app in the list', form('notifications'), { appPackages: 'com.whatsapp, com.facebook.katana' }, true],
		['app not in the list', form('notifications'), { appPackages: 'com.whatsapp' }, false],
		['SMS under an app filter (the filter does not apply)', form('sms'), { appPackages: 'com.whatsapp' }, true],
		['WhatsApp under a device filter (no device field)', form('whatsapp'), { deviceIds: 'other-device' }, true],
	])('%s → passes: %s', async (_name, request, filters, passes) => {
		const delivery = await deliver(request, { filters });
		expect(delivery.status).toBe(200);
		if (passes) {
			expect(delivery.body).toEqual({ status: 'ok' });
			expect(delivery.outputs?.[0]).toHaveLength(1);
		} else {
			expect(delivery.outputs).toBeUndefined();
			expect(delivery.body).toMatchObject({ status: 'ok', ignored: expect.any(String) });
		}
	});

	it('combines a sender filter with a default country code', async () => {
		const delivery = await deliver(form('sms'), {
			filters: { senders: '09760713666' },
			options: { defaultCountryCode: '63' },
		});
		expect(delivery.outputs?.[0]).toHaveLength(1);
	});
});

describe('outputs', () => {
	it.each<[FixtureName, number]>([
		['sms', 0],
		['whatsapp', 1],
		['ussd', 2],
		['notifications', 3],
	])('per-type mode sends %s out of output %i only', async (name, index) => {
		const delivery = await deliver(form(name), { outputMode: 'perType' });
		expect(delivery.outputs).toHaveLength(4);
		delivery.outputs?.forEach((items, output) => expect(items).toHaveLength(output === index ? 1 : 0));
	});

	it('single mode has one output for every type', async () => {
		for (const name of ['sms', 'whatsapp', 'ussd', 'notifications'] as const) {
			const delivery = await deliver(form(name), { outputMode: 'single' });
			expect(delivery.outputs).toHaveLength(1);
			expect(delivery.outputs?.[0]).toHaveLength(1);
		}
	});

	it('describes four named outputs in per-type mode', () => {
		const { outputs } = new SmsGatewayTrigger().description;
		expect(outputs).toContain('"displayName":"SMS"');
		expect(outputs).toContain('"displayName":"Notification"');
	});
});

it('explains test and production URLs in the trigger panel, as n8n\'s webhook triggers do', () => {
	const panel = new SmsGatewayTrigger().description.triggerPanel;
	expect(panel).toMatchObject({
		executionsHelp: {
			inactive: expect.stringContaining("copy the Test URL into the gateway's webhook"),
			active: expect.stringContaining('for every event the gateway posts to the Production URL'),
		},
		activationHint: expect.stringContaining("put the Production URL into the gateway's webhook settings"),
	});
});

describe('credential test', () => {
	const test = new SmsGatewayTrigger().methods.credentialTest.smsGatewayWebhookSecretTest;
	const run = (secret: string) =>
		test.call({} as never, { id: '1', name: 'c', type: 'smsGatewayWebhookApi', data: { secret } });

	it.each([
		['', 'Error', 'The webhook secret is empty'],
		[' pasted-with-space', 'Error', 'The webhook secret starts or ends with spaces; paste it again'],
		['good-secret', 'OK', 'The secret is set; every webhook is checked against it'],
	])('%j → %s', async (secret, status, message) => {
		const result = await run(secret);
		expect(result).toEqual({ status, message });
		expect(result.message).not.toContain(secret || '\u0000');
	});
});

it('keeps a form body that repeats a field from being half-read', async () => {
	const body = asN8nFormBody(
		platformForm({ secret: TEST_SECRET, type: 'sms' }) +
			'&data%5Bphone%5D=%2B1&data%5Bphone%5D=%2B2&data%5Bid%5D=1&data%5Brid%5D=1&data%5Bsim%5D=1&data%5Bdevice%5D=d&data%5Bmessage%5D=m&data%5Btimestamp%5D=1',
	);
	expect(await deliver({ body })).toEqual({
		status: 400,
		body: { status: 'error', message: 'data.phone must be a single value, not a list' },
	});
});
