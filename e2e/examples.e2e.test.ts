/**
 * The recipes in `examples/*.json`, imported as they are into a real n8n: their
 * placeholder credentials are created under the placeholder ids (pointing at loopback
 * fakes), only the example URL of the phone bridge is swapped for a sink's, and each
 * recipe's side effect is observed where it lands: the fake platform API, the SMTP sink,
 * n8n's own Data Table, the webhook sink.
 */
import { randomBytes } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { DEVICES, PLATFORM_SECRET, WA_ACCOUNTS, startPlatform, type FakeGateway } from '../test/helpers/fakeGateway';
import { platformBody } from '../test/helpers/platformBodies';
import { SmtpSink, smtpCredentialData } from '../test/helpers/smtpSink';
import { credential, useHttpSink, useN8n } from './harness';

const EXAMPLES_DIR = join(__dirname, '..', 'examples');
const WEBHOOK_SECRET = `e2e-${randomBytes(16).toString('hex')}`;
const APPS_SECRET = `apps-${randomBytes(16).toString('hex')}`;
const DEVICE_TOKEN = `token-${randomBytes(16).toString('hex')}`;
/** In 5-phone-to-webhook.json: where the user puts their applications' URLs. */
const EXAMPLE_APP_URL = 'https://example.com/sms-webhook.php';
const FORM = 'application/x-www-form-urlencoded';
const SMTP_USER = 'gateway@example.com';
const SMTP_PASSWORD = `smtp-${randomBytes(16).toString('hex')}`;

interface Workflow {
	id: string;
	name: string;
	nodes: Array<{ type: string; webhookId?: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> }>;
}

/** The example files as they are in the repository. */
function readExample(file: string): Workflow {
	return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Workflow;
}

const exampleFiles = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
const examples = Object.fromEntries(exampleFiles.map((file) => [file, readExample(file)]));

/** The trigger's production URL parts, read from the example. */
function webhookOf(workflow: Workflow): { webhookId: string; path: string } {
	const trigger = workflow.nodes.find((node) => node.webhookId !== undefined);
	if (!trigger) throw new Error(`${workflow.name} has no webhook node`);
	return { webhookId: trigger.webhookId as string, path: String(trigger.parameters.path) };
}

/** The placeholder credential a recipe's nodes name for `type` (the same id in every recipe). */
function placeholder(type: string, exclude: string[] = []): { id: string; name: string } {
	for (const workflow of Object.values(examples)) {
		for (const node of workflow.nodes) {
			const reference = node.credentials?.[type];
			if (reference && !exclude.includes(reference.id)) return reference;
		}
	}
	throw new Error(`no example uses a ${type} credential`);
}

let platform: FakeGateway;
beforeAll(async () => {
	platform = await startPlatform();
});
afterAll(async () => await platform?.close());

/** A mail server like the user's: STARTTLS on a plain port (587-style) and a login. */
let smtp: SmtpSink | undefined;
beforeAll(async () => {
	smtp = await SmtpSink.start({ tls: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASSWORD } });
});
afterAll(async () => await smtp?.stop());
function smtpSink(): SmtpSink {
	if (!smtp) throw new Error('the SMTP sink is not running');
	return smtp;
}

const apps = useHttpSink();

const deliveryCredential = () => examples['5-phone-to-webhook.json'].nodes.find((node) => node.credentials?.smsGatewayWebhookApi)!.credentials!.smsGatewayWebhookApi;

const n8n = useN8n(() => {
	const appsCredential = deliveryCredential();
	return {
		credentials: [
			credential({ ...placeholder('smsGatewayWebhookApi', [appsCredential.id]), type: 'smsGatewayWebhookApi', data: { secret: WEBHOOK_SECRET } }),
			credential({ ...appsCredential, type: 'smsGatewayWebhookApi', data: { secret: APPS_SECRET } }),
			credential({
				...placeholder('smsGatewayApi'),
				type: 'smsGatewayApi',
				data: { provider: 'platform', baseUrl: `${platform.url}/api`, apiSecret: PLATFORM_SECRET },
			}),
			credential({
				...placeholder('smsGatewaySmtp'),
				type: 'smsGatewaySmtp',
				data: smtpCredentialData(smtpSink(), SMTP_USER, SMTP_PASSWORD),
			}),
			credential({
				...placeholder('smsGatewayDeviceApi'),
				type: 'smsGatewayDeviceApi',
				data: { tokens: `${DEVICE_TOKEN}:E2E phone`, smsGateSigningSecret: '', forwarderSigningSecret: '' },
			}),
		],
		workflows: Object.entries(examples).map(([file, workflow]) => {
			const text = JSON.stringify(workflow);
			if (file !== '5-phone-to-webhook.json') return workflow;
			if (!text.includes(EXAMPLE_APP_URL)) throw new Error(`${file} no longer contains ${EXAMPLE_APP_URL}`);
			return JSON.parse(text.split(EXAMPLE_APP_URL).join(apps.url('/sms-webhook.php'))) as Workflow;
		}),
	};
});

/** Posts the platform's webhook body (form-encoded, as the platform does) to a recipe's trigger. */
async function postToRecipe(file: string, body: string): Promise<void> {
	const { webhookId, path } = webhookOf(examples[file]);
	const response = await n8n.instance.postWebhook(webhookId, path, { body, contentType: FORM });
	expect(response.status).toBe(200);
}

/** The SMS fixture with another sender and text (each sender gets one reply per window). */
function sms(phone: string, message: string): string {
	return platformBody('sms', WEBHOOK_SECRET)
		.replace('data%5Bphone%5D=%2B639760713666', `data%5Bphone%5D=${encodeURIComponent(phone)}`)
		.replace('data%5Bmessage%5D=Hello+World%21', `data%5Bmessage%5D=${encodeURIComponent(message)}`);
}

const fieldsOfSends = (path: string) => platform.sends().filter((request) => request.path === path).map((request) => request.fields);

it('every example has a fixed id, fixed webhook ids and paths, sticky notes, and no secret', () => {
	expect(exampleFiles.length).toBeGreaterThanOrEqual(4);
	for (const [file, workflow] of Object.entries(examples)) {
		expect({ file, id: typeof workflow.id }).toEqual({ file, id: 'string' });
		expect(workflow.nodes.some((node) => node.type === 'n8n-nodes-base.stickyNote')).toBe(true);
		const { webhookId, path } = webhookOf(workflow);
		expect(webhookId).toMatch(/^recipe-/);
		expect(path).toMatch(/^[a-z-]+$/);
		expect(readFileSync(join(EXAMPLES_DIR, file), 'utf8')).not.toMatch(/"(secret|apiSecret|password|tokens)"\s*:/i);
	}
});

describe('1. auto-reply bot', () => {
	const FILE = '1-auto-reply.json';

	it('answers PRICE, HOURS and HELP with their rules and anything else with the default reply, by SMS from the same device and SIM', async () => {
		const conversation: Array<[string, string, RegExp]> = [
			['+639170000001', 'What is the PRICE?', /^Our prices/],
			['+639170000002', 'hours please', /^We are open/],
			['+639170000003', 'HELP', /^Text PRICE for prices/],
			['+639170000004', 'Hello there', /^Thanks for your message!/],
		];
		for (const [phone, text] of conversation) await postToRecipe(FILE, sms(phone, text));
		await n8n.instance.waitForFinishedExecutions(examples[FILE].id, conversation.length);

		const sent = fieldsOfSends('/api/send/sms');
		expect(sent).toHaveLength(conversation.length);
		for (const [phone, , reply] of conversation) {
			const answer = sent.find((fields) => fields.phone === phone);
			expect(answer).toMatchObject({ mode: 'devices', device: DEVICES[0].unique, sim: '1' });
			expect(answer?.message).toMatch(reply);
		}
	});

	it('answers a WhatsApp chat from the account that received it', async () => {
		await postToRecipe(FILE, platformBody('whatsapp', WEBHOOK_SECRET));
		const statuses = await n8n.instance.waitForFinishedExecutions(examples[FILE].id, 5);

		expect(statuses.every((status) => status === 'success')).toBe(true);
		expect(fieldsOfSends('/api/send/whatsapp')).toEqual([
			expect.objectContaining({ account: WA_ACCOUNTS[2].unique, recipient: '+639760666713', type: 'text', message: expect.stringMatching(/^Thanks for your message!/) }),
		]);
	});
});

describe('2. forward to email', () => {
	const FILE = '2-forward-to-email.json';

	it('emails each SMS, WhatsApp chat and USSD response to the configured address, and no notification', async () => {
		// The notification first: it must start nothing; the three after it must.
		const bodies = ['notifications', 'sms', 'whatsapp', 'ussd'] as const;
		for (const fixture of bodies) await postToRecipe(FILE, platformBody(fixture, WEBHOOK_SECRET));
		const statuses = await n8n.instance.waitForFinishedExecutions(examples[FILE].id, 3);

		expect(statuses).toEqual(['success', 'success', 'success']);
		const sink = smtpSink();
		expect(sink.messages).toHaveLength(3);
		const mails = await Promise.all(sink.messages.map((_message, index) => sink.parsed(index)));
		expect(sink.messages.map((message) => [message.envelope, message.secure, message.user])).toEqual(
			Array(3).fill([{ from: SMTP_USER, to: ['you@example.com'] }, true, SMTP_USER]),
		);
		expect(mails.map((mail) => mail.subject).sort()).toEqual(['SMS from +639760713666', 'USSD *143# reply', 'WhatsApp from +639760666713 to +639760713666']);
		const sms = mails.find((mail) => mail.subject === 'SMS from +639760713666');
		expect(sms?.text).toContain('Hello World!');
		expect(sms?.attachments.map((file) => JSON.parse(file.content.toString('utf8')) as unknown)).toEqual([
			expect.objectContaining({ type: 'sms', phone: '+639760713666', message: 'Hello World!' }),
		]);
		const everything = sink.messages.map((message) => message.raw.toString('utf8')).join('\n');
		expect(everything).not.toContain(WEBHOOK_SECRET);
		expect(everything).not.toContain(SMTP_PASSWORD);
	});
});

describe('3. Facebook notification → SMS', () => {
	const FILE = '3-facebook-to-sms.json';
	const notification = (appPackage: string, title: string, content: string) =>
		platformBody('notifications', WEBHOOK_SECRET)
			.replace('data%5Bpackage%5D=com.facebook.katana', `data%5Bpackage%5D=${encodeURIComponent(appPackage)}`)
			.replace(/data%5Btitle%5D=[^&]*/, `data%5Btitle%5D=${encodeURIComponent(title)}`)
			.replace(/data%5Bcontent%5D=[^&]*/, `data%5Bcontent%5D=${encodeURIComponent(content)}`);

	it('texts the configured number the title and text of a Facebook notification, and ignores other apps', async () => {
		const before = fieldsOfSends('/api/send/sms').length;
		// Another app's notification first: it must start nothing; the Facebook one after it must.
		await postToRecipe(FILE, notification('com.whatsapp', 'WhatsApp', 'New message'));
		await postToRecipe(FILE, notification('com.facebook.katana', 'Ana commented', 'Nice photo!'));
		const statuses = await n8n.instance.waitForFinishedExecutions(examples[FILE].id, 1);

		expect(statuses).toEqual(['success']);
		const sent = fieldsOfSends('/api/send/sms').slice(before);
		expect(sent).toEqual([
			expect.objectContaining({
				phone: '+15550100200',
				message: 'Facebook: Ana commented\nNice photo!',
				device: DEVICES[0].unique,
				sim: '1',
			}),
		]);
	});
});

describe('4. events in a Data Table', () => {
	const FILE = '4-events-to-data-table.json';

	it('stores each event type as a row of the table it creates on the first event', async () => {
		const bodies = [sms('+639170000099', 'Store me'), platformBody('whatsapp', WEBHOOK_SECRET), platformBody('ussd', WEBHOOK_SECRET), platformBody('notifications', WEBHOOK_SECRET)];
		// One after another: the first creates the table.
		for (const [index, body] of bodies.entries()) {
			await postToRecipe(FILE, body);
			await n8n.instance.waitForFinishedExecutions(examples[FILE].id, index + 1);
		}
		const statuses = await n8n.instance.executionStatuses(examples[FILE].id);
		expect(statuses).toEqual(['success', 'success', 'success', 'success']);

		const tables = await n8n.instance.query('SELECT id FROM data_table WHERE name = ?', ['SMS Gateway events']);
		expect(tables).toHaveLength(1);
		const rows = await n8n.instance.query(`SELECT eventType, eventId, sender, text, device, receivedAt, event FROM data_table_user_${String(tables[0].id)} ORDER BY id`);
		expect(rows.map((row) => ({ ...row, event: undefined }))).toEqual([
			{ eventType: 'sms', eventId: 2, sender: '+639170000099', text: 'Store me', device: DEVICES[0].unique, receivedAt: '2022-02-24T06:30:31.000Z', event: undefined },
			{ eventType: 'whatsapp', eventId: 2, sender: '+639760666713', text: 'Hello World!', device: '+639760713666', receivedAt: '2022-02-24T06:30:31.000Z', event: undefined },
			{ eventType: 'ussd', eventId: 98, sender: '', text: 'Sorry! You are not allowed to use this service.', device: DEVICES[0].unique, receivedAt: '2022-02-24T06:30:31.000Z', event: undefined },
			{ eventType: 'notification', eventId: 77, sender: 'com.facebook.katana', text: 'Someone commented on your post!: Someone commented on your post!', device: DEVICES[0].unique, receivedAt: '2022-02-24T06:30:31.000Z', event: undefined },
		]);
		expect(JSON.parse(String(rows[0].event))).toMatchObject({ type: 'sms', phone: '+639170000099', message: 'Store me', sim: 1 });
		expect(rows.map((row) => String(row.event)).join('\n')).not.toContain(WEBHOOK_SECRET);
	});
});

describe('5. phone-to-webhook bridge', () => {
	const FILE = '5-phone-to-webhook.json';

	it('posts what a phone reports to the application URL as the platform does: form body with the application secret', async () => {
		const { webhookId, path } = webhookOf(examples[FILE]);
		const body = JSON.stringify({
			type: 'sms',
			data: { rid: 4711, sim: 2, device: 'e2e-phone', phone: '+639760713666', message: 'Hello from the phone', timestamp: 1719045971 },
		});
		const response = await fetch(`${n8n.instance.baseUrl}/webhook/${webhookId}/${path}?token=${DEVICE_TOKEN}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
		});
		expect(response.status).toBe(200);
		const [delivery] = await apps.waitForHits('/sms-webhook.php', 1);
		const statuses = await n8n.instance.waitForFinishedExecutions(examples[FILE].id, 1);

		expect(statuses).toEqual(['success']);
		expect((delivery.headers as Record<string, string>)['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		// What the platform's PHP example reads: $request["secret"], $request["type"], $request["data"][…].
		const request = new URLSearchParams(String(delivery.body));
		expect(request.get('secret')).toBe(APPS_SECRET);
		expect(request.get('type')).toBe('sms');
		expect(Object.fromEntries([...request].filter(([key]) => key.startsWith('data[')))).toMatchObject({
			'data[rid]': '4711',
			'data[sim]': '2',
			'data[device]': 'e2e-phone',
			'data[phone]': '+639760713666',
			'data[message]': 'Hello from the phone',
			'data[timestamp]': '1719045971',
		});
		expect(String(delivery.body)).not.toContain(DEVICE_TOKEN);
	});
});
