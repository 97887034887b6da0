/**
 * The SMS Gateway Trigger in a real n8n: the platform's own webhook bodies posted to the
 * production URL, the items observed where a downstream HTTP Request node delivers them,
 * "no execution" read from n8n's database.
 */
import { randomBytes } from 'crypto';

import { FIXTURE_DEVICE, FIXTURE_SMS_ITEM, platformBody, type FixtureName } from '../test/helpers/platformBodies';
import { credential, nodeType, useHttpSink, useN8n, workflowWithSinks } from './harness';

const SECRET = `e2e-${randomBytes(16).toString('hex')}`;
const CREDENTIAL = { id: 'smsGwE2eSecret01', name: 'SMS Gateway webhook (e2e)' };
const FORM = 'application/x-www-form-urlencoded';

/** Webhook ids, workflow ids and sink paths of the three scenario workflows. */
const ALL_EVENTS = { id: 'smsGwE2eSingle01', webhookId: 'e2e-all-events', sink: '/all-events' };
const PER_TYPE = { id: 'smsGwE2ePerType1', webhookId: 'e2e-per-type', sinks: ['/sms', '/whatsapp', '/ussd', '/notification'] };
const SMS_ONLY = { id: 'smsGwE2eSmsOnly1', webhookId: 'e2e-sms-only', sink: '/sms-only' };
const PATH = 'sms-gateway';

function trigger(webhookId: string, parameters: Record<string, unknown>) {
	return {
		id: `trigger-${webhookId}`,
		name: 'SMS Gateway Trigger',
		type: nodeType('smsGatewayTrigger'),
		typeVersion: 1,
		webhookId,
		parameters: { path: PATH, ...parameters },
		credentials: { smsGatewayWebhookApi: CREDENTIAL },
	};
}

/** PHP's urlencode (the platform is PHP): everything but letters, digits and `-_.` escaped, spaces as `+`. */
const phpUrlencode = (text: string) =>
	encodeURIComponent(text)
		.replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
		.replace(/%20/g, '+');

const sink = useHttpSink();
const n8n = useN8n(() => ({
	credentials: [credential({ ...CREDENTIAL, type: 'smsGatewayWebhookApi', data: { secret: SECRET } })],
	workflows: [
		workflowWithSinks({
			id: ALL_EVENTS.id,
			name: 'e2e: all events, one output',
			trigger: trigger(ALL_EVENTS.webhookId, { options: { includeRaw: true } }),
			sinkUrls: [sink.url(ALL_EVENTS.sink)],
		}),
		workflowWithSinks({
			id: PER_TYPE.id,
			name: 'e2e: one output per type',
			trigger: trigger(PER_TYPE.webhookId, { outputMode: 'perType' }),
			sinkUrls: PER_TYPE.sinks.map((path) => sink.url(path)),
		}),
		workflowWithSinks({
			id: SMS_ONLY.id,
			name: 'e2e: SMS only',
			trigger: trigger(SMS_ONLY.webhookId, { events: ['sms'] }),
			sinkUrls: [sink.url(SMS_ONLY.sink)],
		}),
	],
}));

function post(webhookId: string, body: string, contentType?: string) {
	return n8n.instance.postWebhook(webhookId, PATH, { body, contentType });
}

/** The item n8n delivered for the `count`-th request at a sink path. */
async function nthItem(path: string, count: number) {
	const hits = await sink.waitForHits(path, count);
	return hits[count - 1].body;
}

/**
 * Sends `rejected`, then a request that must start an execution, and returns the
 * rejected request's response once that execution has finished: had the first one
 * started an execution too, it would be recorded by then.
 */
async function expectNoExecution(
	workflow: { id: string; webhookId: string; sink: string },
	rejected: () => Promise<Response>,
) {
	const before = (await n8n.instance.executionStatuses(workflow.id)).length;
	const response = await rejected();
	const answer = { status: response.status, body: await response.json() };

	const hitsBefore = sink.hitsAt(workflow.sink).length;
	const control = await post(workflow.webhookId, platformBody('sms', SECRET), FORM);
	expect(control.status).toBe(200);
	await sink.waitForHits(workflow.sink, hitsBefore + 1);
	const statuses = await n8n.instance.waitForFinishedExecutions(workflow.id, before + 1);
	expect(statuses).toHaveLength(before + 1);
	return answer;
}

describe('SMS Gateway Trigger in n8n', () => {
	it('turns the platform\'s form-encoded SMS into a typed item, UTF-8 intact and without the secret', async () => {
		const message = '안녕하세요! 인증번호는 4821 입니다 🔐👍';
		const body = platformBody('sms', SECRET).replace(
			'data%5Bmessage%5D=Hello+World%21',
			`data%5Bmessage%5D=${phpUrlencode(message)}`,
		);
		expect(body).toContain('data%5Bphone%5D=%2B639760713666');

		const count = sink.hitsAt(ALL_EVENTS.sink).length + 1;
		const response = await post(ALL_EVENTS.webhookId, body, FORM);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });

		const item = await nthItem(ALL_EVENTS.sink, count);
		expect(item).toEqual({
			...FIXTURE_SMS_ITEM,
			message,
			raw: {
				type: 'sms',
				data: {
					id: '2',
					rid: '10593',
					sim: '1',
					device: FIXTURE_DEVICE,
					phone: '+639760713666',
					message,
					timestamp: '1645684231',
				},
			},
		});
		expect(JSON.stringify(item)).not.toContain(SECRET);
	});

	it('accepts a JSON WhatsApp event with an attachment', async () => {
		const data = {
			id: 31,
			wid: '+639760713666',
			phone: '+15551234567',
			message: 'Photo of the receipt 📎',
			attachment: 'https://files.example.com/wa/receipt.jpg',
			timestamp: 1700000000,
		};
		const count = sink.hitsAt(ALL_EVENTS.sink).length + 1;
		const response = await post(ALL_EVENTS.webhookId, JSON.stringify({ secret: SECRET, type: 'whatsapp', data }), 'application/json');
		expect(response.status).toBe(200);

		const { raw, ...item } = await nthItem(ALL_EVENTS.sink, count);
		expect(item).toEqual({ type: 'whatsapp', ...data, receivedAt: '2023-11-14T22:13:20.000Z' });
		expect(raw).toEqual({ type: 'whatsapp', data });
	});

	it('reads a multipart/form-data body like a form-encoded one', async () => {
		const form = new FormData();
		for (const [key, value] of new URLSearchParams(platformBody('sms', SECRET))) form.append(key, value);
		const count = sink.hitsAt(ALL_EVENTS.sink).length + 1;
		const response = await n8n.instance.postWebhook(ALL_EVENTS.webhookId, PATH, { body: form, contentType: undefined });
		expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ok' } });

		const { raw, ...item } = await nthItem(ALL_EVENTS.sink, count);
		expect(item).toEqual(FIXTURE_SMS_ITEM);
		expect(raw).toMatchObject({ type: 'sms', data: { id: '2', phone: '+639760713666' } });
	});

	it('emits live "notifications" webhooks as type "notification"', async () => {
		const count = sink.hitsAt(ALL_EVENTS.sink).length + 1;
		const response = await post(ALL_EVENTS.webhookId, platformBody('notifications', SECRET), FORM);
		expect(response.status).toBe(200);

		const { raw, ...item } = await nthItem(ALL_EVENTS.sink, count);
		expect(item).toEqual({
			type: 'notification',
			id: 77,
			device: FIXTURE_DEVICE,
			package: 'com.facebook.katana',
			title: 'Someone commented on your post!',
			content: 'Someone commented on your post!',
			timestamp: 1645684231,
			receivedAt: '2022-02-24T06:30:31.000Z',
		});
		expect(raw).toMatchObject({ type: 'notifications' });
	});

	it('refuses a wrong secret with 401 and starts no execution', async () => {
		const wrong = `${SECRET}x`;
		const answer = await expectNoExecution(
			{ ...ALL_EVENTS },
			() => post(ALL_EVENTS.webhookId, platformBody('sms', wrong), FORM),
		);
		expect(answer).toEqual({ status: 401, body: { status: 'error', message: 'secret is wrong' } });
		expect(JSON.stringify(answer)).not.toContain(SECRET);
	});

	it('refuses a malformed body with 400 naming the field and starts no execution', async () => {
		const badSim = platformBody('sms', SECRET).replace('data%5Bsim%5D=1', 'data%5Bsim%5D=3');
		const answer = await expectNoExecution({ ...ALL_EVENTS }, () => post(ALL_EVENTS.webhookId, badSim, FORM));
		expect(answer).toEqual({ status: 400, body: { status: 'error', message: 'data.sim must be 1 or 2 (got "3")' } });
	});

	it('acknowledges an event type that is not selected with 200 and starts no execution', async () => {
		const answer = await expectNoExecution({ ...SMS_ONLY }, () =>
			post(SMS_ONLY.webhookId, platformBody('whatsapp', SECRET), FORM),
		);
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ status: 'ok', ignored: expect.stringContaining('whatsapp') });
	});

	it('sends each event type out of its own output only', async () => {
		const fixtures: Array<[FixtureName, string]> = [
			['ussd', 'ussd'],
			['sms', 'sms'],
			['whatsapp', 'whatsapp'],
			['notifications', 'notification'],
		];
		for (const [fixture] of fixtures) {
			const response = await post(PER_TYPE.webhookId, platformBody(fixture, SECRET), FORM);
			expect(response.status).toBe(200);
		}
		const statuses = await n8n.instance.waitForFinishedExecutions(PER_TYPE.id, fixtures.length);
		expect(statuses).toEqual(fixtures.map(() => 'success'));

		// Every execution has finished, so every item that left any output has arrived.
		const received = PER_TYPE.sinks.map((path) => sink.hitsAt(path).map((hit) => hit.body.type));
		expect(received).toEqual([['sms'], ['whatsapp'], ['ussd'], ['notification']]);
		expect(sink.hitsAt('/ussd')[0].body).toEqual({
			type: 'ussd',
			id: 98,
			sim: 1,
			device: FIXTURE_DEVICE,
			code: '*143#',
			response: 'Sorry! You are not allowed to use this service.',
			timestamp: 1645684231,
			receivedAt: '2022-02-24T06:30:31.000Z',
		});
	});

	it('never writes the secret to n8n\'s log', async () => {
		// Runs last: by now every request above, the refused ones included, has been handled.
		const log = n8n.instance.readLog();
		expect(log).toContain('Editor is now accessible via');
		expect(log).not.toContain(SECRET);
	});
});
