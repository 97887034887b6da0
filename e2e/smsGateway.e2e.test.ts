/**
 * The auto-reply recipe in a real n8n: the platform's form-encoded SMS posted to the SMS
 * Gateway Trigger, answered by the SMS Gateway node (Event → Reply) through a fake
 * platform API on loopback. What n8n sent is read at the fake platform; which output the
 * reply node used is read at two HTTP sinks.
 */
import { randomBytes } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import { DEVICES, PLATFORM_SECRET, WA_ACCOUNTS, startPlatform, type FakeGateway } from '../test/helpers/fakeGateway';
import { platformBody } from '../test/helpers/platformBodies';
import { credential, httpSinkNode, nodeType, useHttpSink, useN8n } from './harness';

const WEBHOOK_SECRET = `e2e-${randomBytes(16).toString('hex')}`;
const WEBHOOK_CREDENTIAL = { id: 'smsGwE2eReplyWh1', name: 'SMS Gateway webhook (reply e2e)' };
const API_CREDENTIAL = { id: 'smsGwE2eReplyApi', name: 'SMS Gateway API (reply e2e)' };
const WORKFLOW = { id: 'smsGwE2eAutoRep1', webhookId: 'e2e-auto-reply', path: 'sms-gateway' };
const RULE_TEXT = 'Our prices: example.com/prices';

let platform: FakeGateway;
beforeAll(async () => {
	platform = await startPlatform();
});
afterAll(async () => await platform?.close());

const sink = useHttpSink();

function autoReplyWorkflow() {
	const trigger = {
		id: 'trigger',
		name: 'SMS Gateway Trigger',
		type: nodeType('smsGatewayTrigger'),
		typeVersion: 1,
		position: [0, 0],
		webhookId: WORKFLOW.webhookId,
		parameters: { path: WORKFLOW.path, events: ['sms', 'whatsapp'] },
		credentials: { smsGatewayWebhookApi: WEBHOOK_CREDENTIAL },
	};
	const reply = {
		id: 'reply',
		name: 'Auto Reply',
		type: nodeType('smsGateway'),
		typeVersion: 1,
		position: [240, 0],
		parameters: {
			resource: 'event',
			operation: 'reply',
			replyWith: 'rules',
			rules: { rule: [{ match: 'contains', pattern: 'price', reply: RULE_TEXT }] },
			defaultReply: 'Thanks! We will text you back.',
		},
		credentials: { smsGatewayApi: API_CREDENTIAL },
	};
	const replied = httpSinkNode('Replied Sink', sink.url('/replied'), [480, 0]);
	const skipped = httpSinkNode('Skipped Sink', sink.url('/skipped'), [480, 200]);
	return {
		id: WORKFLOW.id,
		name: 'e2e: auto-reply',
		active: false,
		nodes: [trigger, reply, replied, skipped],
		connections: {
			[trigger.name]: { main: [[{ node: reply.name, type: 'main', index: 0 }]] },
			[reply.name]: {
				main: [
					[{ node: replied.name, type: 'main', index: 0 }],
					[{ node: skipped.name, type: 'main', index: 0 }],
				],
			},
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const n8n = useN8n(() => ({
	credentials: [
		credential({ ...WEBHOOK_CREDENTIAL, type: 'smsGatewayWebhookApi', data: { secret: WEBHOOK_SECRET } }),
		credential({
			...API_CREDENTIAL,
			type: 'smsGatewayApi',
			data: { provider: 'platform', baseUrl: `${platform.url}/api`, apiSecret: PLATFORM_SECRET },
		}),
	],
	workflows: [autoReplyWorkflow()],
}));

/** The platform's SMS webhook fixture, from the fixture's sender, with `message`. */
function smsWebhook(message: string): string {
	return platformBody('sms', WEBHOOK_SECRET).replace('data%5Bmessage%5D=Hello+World%21', `data%5Bmessage%5D=${encodeURIComponent(message)}`);
}

async function postSms(message: string) {
	const response = await n8n.instance.postWebhook(WORKFLOW.webhookId, WORKFLOW.path, {
		body: smsWebhook(message),
		contentType: 'application/x-www-form-urlencoded',
	});
	expect(response.status).toBe(200);
}

describe('SMS Gateway auto-reply in n8n', () => {
	it('answers an SMS with exactly one /send/sms: to the sender, from the same device and SIM, with the rule’s text', async () => {
		await postSms('How much is the price?');
		const [item] = await sink.waitForHits('/replied', 1);
		await n8n.instance.waitForFinishedExecutions(WORKFLOW.id, 1);

		expect(platform.sends().map((request) => [request.path, request.fields])).toEqual([
			[
				'/api/send/sms',
				{
					mode: 'devices',
					phone: '+639760713666',
					message: RULE_TEXT,
					device: DEVICES[0].unique,
					sim: '1',
					priority: '2',
					secret: PLATFORM_SECRET,
				},
			],
		]);
		expect(item.body).toEqual({
			channel: 'sms',
			phone: '+639760713666',
			messageId: 1000,
			status: 'queued',
			text: RULE_TEXT,
			device: DEVICES[0].unique,
			sim: 1,
			inReplyTo: 2,
		});
		expect(JSON.stringify(item.body)).not.toContain(PLATFORM_SECRET);
	});

	it('sends nothing to the same sender again inside the window, and shows why on Skipped', async () => {
		await postSms('price again?');
		const [skipped] = await sink.waitForHits('/skipped', 1);
		const statuses = await n8n.instance.waitForFinishedExecutions(WORKFLOW.id, 2);

		expect(statuses).toEqual(['success', 'success']);
		expect(platform.sends()).toHaveLength(1);
		expect(skipped.body).toMatchObject({
			type: 'sms',
			phone: '+639760713666',
			message: 'price again?',
			skipReason: 'rateLimit',
			skipDetail: '1 reply to +639760713666 in the last 10 minutes (limit 1)',
		});
		expect(sink.hitsAt('/replied')).toHaveLength(1);
	});

	it('answers a WhatsApp chat from the receiving account, as multipart, with the default reply', async () => {
		const response = await n8n.instance.postWebhook(WORKFLOW.webhookId, WORKFLOW.path, {
			body: platformBody('whatsapp', WEBHOOK_SECRET),
			contentType: 'application/x-www-form-urlencoded',
		});
		expect(response.status).toBe(200);
		const replies = await sink.waitForHits('/replied', 2);

		const whatsApp = platform.sends().filter((request) => request.path === '/api/send/whatsapp');
		expect(whatsApp).toHaveLength(1);
		expect(whatsApp[0].contentType).toMatch(/^multipart\/form-data/);
		expect(whatsApp[0].fields).toEqual({
			account: WA_ACCOUNTS[2].unique,
			recipient: '+639760666713',
			type: 'text',
			message: 'Thanks! We will text you back.',
			priority: '2',
			secret: PLATFORM_SECRET,
		});
		expect(replies[1].body).toMatchObject({ channel: 'whatsapp', account: WA_ACCOUNTS[2].unique, inReplyTo: 2 });
	});

	it('fails the execution when the platform refuses, and no secret reaches n8n’s log or database', async () => {
		platform.failNext('/api/send/sms', { kind: 'status', status: 403, message: `Key ${PLATFORM_SECRET} is over its quota` });
		const body = platformBody('sms', WEBHOOK_SECRET)
			.replace('data%5Bphone%5D=%2B639760713666', 'data%5Bphone%5D=%2B639170000042')
			.replace('data%5Bmessage%5D=Hello+World%21', 'data%5Bmessage%5D=price%3F');
		const before = (await n8n.instance.executionStatuses(WORKFLOW.id)).length;
		const response = await n8n.instance.postWebhook(WORKFLOW.webhookId, WORKFLOW.path, {
			body,
			contentType: 'application/x-www-form-urlencoded',
		});
		expect(response.status).toBe(200);
		const statuses = await n8n.instance.waitForFinishedExecutions(WORKFLOW.id, before + 1);

		expect(statuses[before]).toBe('error');
		expect(platform.sends().at(-1)?.fields.phone).toBe('+639170000042');
		// n8n recorded the error (event log, execution data in the database) with the
		// secret the gateway echoed redacted, and the secrets appear in none of its files.
		const n8nFolder = join(n8n.instance.userFolder, '.n8n');
		const recorded = ['n8nEventLog.log', 'database.sqlite', 'database.sqlite-wal']
			.filter((file) => existsSync(join(n8nFolder, file)))
			.map((file) => readFileSync(join(n8nFolder, file), 'latin1'))
			.concat(n8n.instance.logTail(100_000))
			.join('\n');
		expect(recorded).toContain('Key [redacted] is over its quota');
		expect(recorded).not.toContain(PLATFORM_SECRET);
		expect(recorded).not.toContain(WEBHOOK_SECRET);
	});
});
