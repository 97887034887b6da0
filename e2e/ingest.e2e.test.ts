/**
 * The SMS Gateway Ingest Trigger in a real n8n: phones' posts (the platform's own JSON and
 * a signed SMSGate webhook) sent to the production URL with a device token, the items
 * observed where a downstream HTTP Request node delivers them, "no execution" read from
 * n8n's database. Retries are dropped across requests through n8n's own static data.
 */
import { createHmac, randomBytes } from 'crypto';

import { credential, nodeType, useHttpSink, useN8n, workflowWithSinks } from './harness';

const TOKEN = `e2e-token-${randomBytes(16).toString('hex')}`;
const SMSGATE_KEY = `e2e-signing-${randomBytes(16).toString('hex')}`;
const CREDENTIAL = { id: 'smsGwE2eDevice01', name: 'SMS Gateway device (e2e)' };
const INGEST = { id: 'smsGwE2eIngest01', webhookId: 'e2e-ingest', sink: '/ingested' };
const PATH = 'sms-gateway-ingest';

const sink = useHttpSink();
const n8n = useN8n(() => ({
	credentials: [
		credential({
			...CREDENTIAL,
			type: 'smsGatewayDeviceApi',
			data: { tokens: `${TOKEN}:E2E phone`, smsGateSigningSecret: SMSGATE_KEY, forwarderSigningSecret: '' },
		}),
	],
	workflows: [
		workflowWithSinks({
			id: INGEST.id,
			name: 'e2e: ingest',
			trigger: {
				id: 'trigger-ingest',
				name: 'SMS Gateway Ingest Trigger',
				type: nodeType('smsGatewayIngestTrigger'),
				typeVersion: 1,
				webhookId: INGEST.webhookId,
				parameters: { path: PATH },
				credentials: { smsGatewayDeviceApi: CREDENTIAL },
			},
			sinkUrls: [sink.url(INGEST.sink)],
		}),
	],
}));

interface Post {
	body: string;
	contentType: string;
	headers?: Record<string, string>;
	token?: string;
}

/** POSTs like a phone: the token as `?token=` (what SMSGate webhooks can carry). */
async function post({ body, contentType, headers = {}, token = TOKEN }: Post) {
	const response = await fetch(`${n8n.instance.baseUrl}/webhook/${INGEST.webhookId}/${PATH}?token=${encodeURIComponent(token)}`, {
		method: 'POST',
		headers: { 'content-type': contentType, ...headers },
		body,
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const canonical = (rid: number, message = 'Hello from the phone') => ({
	body: JSON.stringify({
		type: 'sms',
		data: { rid, sim: 1, device: 'e2e-device-uuid', phone: '+639760713666', message, timestamp: 1719045971 },
	}),
	contentType: 'application/json',
});

function signedSmsGate(envelopeId: string, message: string): Post {
	const body = JSON.stringify({
		deviceId: 'ffffffffceb0b1db0000018e937c815b',
		event: 'sms:received',
		id: envelopeId,
		payload: { messageId: 'm1', message, phoneNumber: '6505551212', simNumber: 2, receivedAt: '2024-06-22T15:46:11.000+07:00' },
		webhookId: 'wh-e2e',
	});
	const timestamp = String(Math.floor(Date.now() / 1000));
	const signature = createHmac('sha256', SMSGATE_KEY).update(body + timestamp).digest('hex');
	return { body, contentType: 'application/json', headers: { 'x-signature': signature, 'x-timestamp': timestamp } };
}

let controlRid = 900_000;

/**
 * Sends `request`, then a new event that must start an execution, and returns the first
 * answer once that execution has finished: had the first started one too, it would be
 * recorded by then.
 */
async function expectNoExecution(request: () => Promise<{ status: number; body: Record<string, unknown> }>) {
	const before = (await n8n.instance.executionStatuses(INGEST.id)).length;
	const answer = await request();
	const hitsBefore = sink.hitsAt(INGEST.sink).length;
	const control = await post(canonical(controlRid++, 'control'));
	expect(control.status).toBe(200);
	await sink.waitForHits(INGEST.sink, hitsBefore + 1);
	const statuses = await n8n.instance.waitForFinishedExecutions(INGEST.id, before + 1);
	expect(statuses).toHaveLength(before + 1);
	return answer;
}

/** The items that reached the sink for one event id. */
const itemsWithId = (id: unknown) => sink.hitsAt(INGEST.sink).filter((hit) => hit.body.id === id);

describe('SMS Gateway Ingest Trigger in n8n', () => {
	it('emits a canonical JSON post once, with the id it answered; a re-post starts no second execution', async () => {
		const count = sink.hitsAt(INGEST.sink).length + 1;
		const first = await post(canonical(10593));
		expect(first).toEqual({ status: 200, body: { status: 'ok', id: expect.any(Number) } });
		const [item] = (await sink.waitForHits(INGEST.sink, count)).slice(count - 1);
		expect(item.body).toEqual({
			type: 'sms',
			id: first.body.id,
			rid: 10593,
			sim: 1,
			device: 'e2e-device-uuid',
			phone: '+639760713666',
			message: 'Hello from the phone',
			timestamp: 1719045971,
			receivedAt: '2024-06-22T08:46:11.000Z',
		});

		const again = await expectNoExecution(() => post(canonical(10593)));
		expect(again).toEqual({ status: 200, body: { status: 'ok', id: first.body.id, duplicate: true } });
		expect(itemsWithId(first.body.id)).toHaveLength(1);
	});

	it('emits a signed SMSGate webhook once; the app\'s retry (signed anew) starts no second execution', async () => {
		const count = sink.hitsAt(INGEST.sink).length + 1;
		const first = await post(signedSmsGate('Ey6ECgOkVVFjz3CL48B8C', 'Android is always a sweet treat!'));
		expect(first.status).toBe(200);
		const [item] = (await sink.waitForHits(INGEST.sink, count)).slice(count - 1);
		expect(item.body).toEqual({
			type: 'sms',
			id: first.body.id,
			rid: first.body.id,
			sim: 2,
			device: 'ffffffffceb0b1db0000018e937c815b',
			phone: '6505551212',
			message: 'Android is always a sweet treat!',
			timestamp: 1719045971,
			receivedAt: '2024-06-22T08:46:11.000Z',
		});

		const retry = await expectNoExecution(() => post(signedSmsGate('Ey6ECgOkVVFjz3CL48B8C', 'Android is always a sweet treat!')));
		expect(retry.body).toEqual({ status: 'ok', id: first.body.id, duplicate: true });
		expect(itemsWithId(first.body.id)).toHaveLength(1);
	});

	it('refuses a wrong token and a tampered SMSGate body with 401, starting nothing, secrets nowhere', async () => {
		const wrongToken = await expectNoExecution(() => post({ ...canonical(1), token: `${TOKEN}x` }));
		expect(wrongToken).toEqual({ status: 401, body: { status: 'error', message: 'device token is wrong' } });

		const signed = signedSmsGate('tampered-1', 'pay 10');
		const tampered = await expectNoExecution(() => post({ ...signed, body: signed.body.replace('pay 10', 'pay 1000') }));
		expect(tampered).toEqual({ status: 401, body: { status: 'error', message: 'X-Signature does not match' } });

		const everything = JSON.stringify([wrongToken, tampered, sink.hitsAt(INGEST.sink)]);
		expect(everything).not.toContain(TOKEN);
		expect(everything).not.toContain(SMSGATE_KEY);
	});

	it('answers an SMSGate ping with 200 and starts nothing', async () => {
		const ping = signedSmsGate('ping-1', 'unused');
		const body = JSON.stringify({ ...JSON.parse(ping.body), event: 'system:ping', payload: { health: { status: 'pass' } } });
		const timestamp = String(Math.floor(Date.now() / 1000));
		const signature = createHmac('sha256', SMSGATE_KEY).update(body + timestamp).digest('hex');
		const answer = await expectNoExecution(() =>
			post({ body, contentType: 'application/json', headers: { 'x-signature': signature, 'x-timestamp': timestamp } }),
		);
		expect(answer).toEqual({ status: 200, body: { status: 'ok' } });
	});

	it('gives concurrent posts different ids, and drops their concurrent re-posts', async () => {
		const rids = Array.from({ length: 40 }, (_, n) => 30_000 + n);
		const before = (await n8n.instance.executionStatuses(INGEST.id)).length;
		const first = await Promise.all(rids.map((rid) => post(canonical(rid, `burst ${rid}`))));
		const ids = first.map((answer) => answer.body.id);
		expect(first.every((answer) => answer.status === 200)).toBe(true);
		expect(new Set(ids).size).toBe(rids.length);
		await n8n.instance.waitForFinishedExecutions(INGEST.id, before + rids.length);

		const retries = await Promise.all(rids.map((rid) => post(canonical(rid, `burst ${rid}`))));
		expect(retries.map((answer) => answer.body)).toEqual(ids.map((id) => ({ status: 'ok', id, duplicate: true })));
		// A new event must add exactly one execution; had a re-post started one, it would show by then.
		expect((await post(canonical(controlRid++, 'control'))).status).toBe(200);
		const statuses = await n8n.instance.waitForFinishedExecutions(INGEST.id, before + rids.length + 1);
		expect(statuses).toHaveLength(before + rids.length + 1);
	});

	it('still drops the retry after n8n restarts: the event is remembered in the workflow\'s static data', async () => {
		const before = (await n8n.instance.executionStatuses(INGEST.id)).length;
		const savedBefore = await savedStaticData();
		const first = await post(canonical(20_001, 'before the restart'));
		expect(first.status).toBe(200);
		// n8n answers first, then runs the execution and saves static data side by side:
		// stop it only once both are done, as a graceful shutdown would.
		await n8n.instance.waitForFinishedExecutions(INGEST.id, before + 1);
		await until(async () => (await savedStaticData()) !== savedBefore, 'static data saved after the first post');

		await n8n.instance.stop();
		await n8n.instance.start();
		await untilWebhookAnswers();

		const retry = await expectNoExecution(() => post(canonical(20_001, 'before the restart')));
		expect(retry.body).toEqual({ status: 'ok', id: first.body.id, duplicate: true });
	});
});

/** The ingest workflow's static data as n8n last saved it to its database. */
async function savedStaticData(): Promise<unknown> {
	const rows = await n8n.instance.query('SELECT staticData FROM workflow_entity WHERE id = ?', [INGEST.id]);
	return rows[0]?.staticData;
}

async function until(condition: () => Promise<boolean>, what: string) {
	const deadline = Date.now() + 30_000;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** After a restart, until the production webhook is registered again (it answers 404 before). */
async function untilWebhookAnswers() {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const answer = await post({ ...canonical(1), token: 'not-a-token' }).catch(() => undefined);
		if (answer?.status === 401) return;
		if (Date.now() > deadline) throw new Error(`the ingest webhook did not come back after the restart: ${JSON.stringify(answer)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
