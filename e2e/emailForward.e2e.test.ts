/**
 * Email Forward in a real n8n: a WhatsApp event posted to the SMS Gateway Trigger's
 * production URL arrives as an email at an SMTP server on loopback; the node's output
 * item goes on to an HTTP sink. A second workflow logs in with a wrong password and
 * continues on error: the error item and n8n's log must not contain the password.
 * Last, the credential's Test button, through the same REST calls the editor makes.
 */
import { randomBytes } from 'crypto';
import { type Server, createServer } from 'http';
import type { AddressInfo } from 'net';

import { SmtpSink, smtpCredentialData } from '../test/helpers/smtpSink';
import { platformBody } from '../test/helpers/platformBodies';
import { credential, httpSinkNode, nodeType, useHttpSink, useN8n } from './harness';

const WEBHOOK_SECRET = `e2e-${randomBytes(16).toString('hex')}`;
const SMTP_USER = 'gateway@example.com';
const SMTP_PASSWORD = `smtp-${randomBytes(16).toString('hex')}`;
const FORM = 'application/x-www-form-urlencoded';
const PATH = 'sms-gateway';

const WEBHOOK_CREDENTIAL = { id: 'emailE2eWebhook1', name: 'SMS Gateway webhook (e2e email)' };
const SMTP_CREDENTIAL = { id: 'emailE2eSmtpOk01', name: 'SMTP sink (e2e)' };
const WRONG_SMTP_CREDENTIAL = { id: 'emailE2eSmtpBad1', name: 'SMTP sink, wrong password (e2e)' };

const FORWARD = { id: 'emailE2eForward1', webhookId: 'e2e-email-forward', sink: '/sent' };
const WRONG_PASSWORD = { id: 'emailE2eBadPass1', webhookId: 'e2e-email-bad-password', sink: '/failed' };
const DOWNLOAD = { id: 'emailE2eDownload', webhookId: 'e2e-email-download', sink: '/downloaded' };

/** A WhatsApp server's media, on loopback: what "Download and Attach" fetches through n8n. */
const PHOTO = randomBytes(30_000);
let media: Server | undefined;
beforeAll(async () => {
	media = createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'image/jpeg' }).end(PHOTO);
	});
	await new Promise<void>((resolve) => media?.listen(0, '127.0.0.1', () => resolve()));
});
afterAll(async () => {
	await new Promise((resolve) => media?.close(resolve));
});

let smtp: SmtpSink | undefined;
beforeAll(async () => {
	smtp = await SmtpSink.start({ tls: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASSWORD } });
});
afterAll(async () => {
	await smtp?.stop();
});
function smtpSink(): SmtpSink {
	if (!smtp) throw new Error('the SMTP sink is not running');
	return smtp;
}

const http = useHttpSink();

/** Trigger (WhatsApp only) → Email Forward → HTTP sink. */
function forwardWorkflow(
	spec: { id: string; webhookId: string; sink: string },
	smtpCredential: { id: string; name: string },
	whatsAppAttachment = 'link',
) {
	const trigger = {
		id: `trigger-${spec.webhookId}`,
		name: 'SMS Gateway Trigger',
		type: nodeType('smsGatewayTrigger'),
		typeVersion: 1,
		webhookId: spec.webhookId,
		position: [0, 0],
		parameters: { path: PATH, events: ['whatsapp'] },
		credentials: { smsGatewayWebhookApi: WEBHOOK_CREDENTIAL },
	};
	const forward = {
		id: `forward-${spec.webhookId}`,
		name: 'Email Forward',
		type: nodeType('emailForward'),
		typeVersion: 1,
		position: [240, 0],
		// The UI's "On Error: Continue": failures become error items instead of a failed execution.
		onError: 'continueRegularOutput',
		parameters: {
			to: 'inbox@example.com',
			from: 'SMS Gateway <gateway@example.com>',
			subject: '',
			bodyFormat: 'htmlAndText',
			options: { attachEventJson: true, whatsAppAttachment },
		},
		credentials: { smsGatewaySmtp: smtpCredential },
	};
	const sink = httpSinkNode('Sink', http.url(spec.sink), [480, 0]);
	return {
		id: spec.id,
		name: `e2e: WhatsApp to email (${spec.webhookId})`,
		active: false,
		nodes: [trigger, forward, sink],
		connections: {
			[trigger.name]: { main: [[{ node: forward.name, type: 'main', index: 0 }]] },
			[forward.name]: { main: [[{ node: sink.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** The SMTP credential's data for the sink, with `password`. */
function smtpData(password: string) {
	return smtpCredentialData(smtpSink(), SMTP_USER, password);
}

const n8n = useN8n(() => ({
	credentials: [
		credential({ ...WEBHOOK_CREDENTIAL, type: 'smsGatewayWebhookApi', data: { secret: WEBHOOK_SECRET } }),
		credential({ ...SMTP_CREDENTIAL, type: 'smsGatewaySmtp', data: smtpData(SMTP_PASSWORD) }),
		credential({ ...WRONG_SMTP_CREDENTIAL, type: 'smsGatewaySmtp', data: smtpData(`${SMTP_PASSWORD}-wrong`) }),
	],
	workflows: [
		forwardWorkflow(FORWARD, SMTP_CREDENTIAL),
		forwardWorkflow(WRONG_PASSWORD, WRONG_SMTP_CREDENTIAL),
		forwardWorkflow(DOWNLOAD, SMTP_CREDENTIAL, 'attach'),
	],
}));

/** The platform's WhatsApp webhook with a chat text and an attachment URL of our own. */
function whatsAppBody(message: string, attachment: string): string {
	return platformBody('whatsapp', WEBHOOK_SECRET)
		.replace('data%5Bmessage%5D=Hello+World%21', `data%5Bmessage%5D=${encodeURIComponent(message)}`)
		.replace('data%5Battachment%5D=0', `data%5Battachment%5D=${encodeURIComponent(attachment)}`);
}

describe('Email Forward in n8n', () => {
	it('delivers a WhatsApp event posted to the trigger as an email, over STARTTLS with a login', async () => {
		const message = '<b>Hi</b> 안녕하세요 📦';
		const attachment = 'https://media.example.com/chat/photo.jpg';
		const response = await n8n.instance.postWebhook(FORWARD.webhookId, PATH, { body: whatsAppBody(message, attachment), contentType: FORM });
		expect(response.status).toBe(200);

		const [output] = await http.waitForHits(FORWARD.sink, 1);
		const sink = smtpSink();
		expect(sink.messages).toHaveLength(1);
		const received = sink.messages[0];
		expect(received.secure).toBe(true);
		expect(received.user).toBe(SMTP_USER);
		expect(received.envelope).toEqual({ from: 'gateway@example.com', to: ['inbox@example.com'] });

		const mail = await sink.parsed(0);
		expect(mail.subject).toBe('WhatsApp from +639760666713 to +639760713666');
		expect(mail.text).toContain(message);
		expect(mail.text).toContain(`Attachment: ${attachment}`);
		expect(mail.html).toContain('&lt;b&gt;Hi&lt;/b&gt; 안녕하세요 📦');
		expect(mail.html).toContain(`<a href="${attachment}">`);
		expect(mail.attachments.map((file) => file.filename)).toEqual(['whatsapp-2.json']);
		expect(JSON.parse(mail.attachments[0].content.toString('utf8'))).toMatchObject({
			type: 'whatsapp',
			phone: '+639760666713',
			wid: '+639760713666',
			message,
			attachment,
		});

		expect(output.body).toEqual({
			messageId: mail.messageId,
			accepted: ['inbox@example.com'],
			rejected: [],
			response: expect.stringMatching(/^250 /),
		});
		await sink.allConnectionsClosed();
	});

	it('turns a refused login into an error item that does not contain the password', async () => {
		const response = await n8n.instance.postWebhook(WRONG_PASSWORD.webhookId, PATH, {
			body: whatsAppBody('hello', '0'),
			contentType: FORM,
		});
		expect(response.status).toBe(200);

		const [output] = await http.waitForHits(WRONG_PASSWORD.sink, 1);
		expect(output.body).toEqual({ error: expect.stringContaining('Wrong user or password, says the sink') });
		expect(JSON.stringify(output.body)).not.toContain(SMTP_PASSWORD);
		expect(n8n.instance.logTail(100_000)).not.toContain(SMTP_PASSWORD);
	});

	it('downloads a WhatsApp attachment through n8n\'s HTTP helper and attaches it', async () => {
		const url = `http://127.0.0.1:${(media?.address() as AddressInfo).port}/media/voice%20note.jpg?token=abc`;
		const sentBefore = smtpSink().messages.length;
		const response = await n8n.instance.postWebhook(DOWNLOAD.webhookId, PATH, { body: whatsAppBody('photo', url), contentType: FORM });
		expect(response.status).toBe(200);

		const [output] = await http.waitForHits(DOWNLOAD.sink, 1);
		expect(output.body).toHaveProperty('messageId');
		const mail = await smtpSink().parsed(sentBefore);
		expect(mail.attachments.map((file) => [file.filename, file.contentType])).toEqual([
			['whatsapp-2.json', 'application/json'],
			['voice_note.jpg', 'image/jpeg'],
		]);
		expect(mail.attachments[1].content.equals(PHOTO)).toBe(true);
	});
});

/** POSTs JSON to the editor's REST API (`/rest/...`), as the browser does. */
function postRest(path: string, body: unknown, cookie = ''): Promise<Response> {
	return fetch(`${n8n.instance.baseUrl as string}/rest${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
		body: JSON.stringify(body),
	});
}

/** Signs in as a new owner and returns the session cookie. */
async function editorSession(): Promise<string> {
	const owner = { email: 'owner@example.com', firstName: 'E2E', lastName: 'Owner', password: `Pw-${randomBytes(12).toString('hex')}` };
	expect((await postRest('/owner/setup', owner)).status).toBe(200);
	// n8n 2.x names the login field emailOrLdapLoginId, 1.x email; each ignores the other.
	const login = await postRest('/login', { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password });
	expect(login.status).toBe(200);
	return login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

describe('the SMTP credential in n8n\'s editor', () => {
	it('the Test button logs in and shows the server\'s answer, for a right and a wrong password', async () => {
		const cookie = await editorSession();
		const rest = async (path: string, body: unknown) => {
			const response = await postRest(path, body, cookie);
			expect(response.status).toBe(200);
			return ((await response.json()) as { data: Record<string, unknown> }).data;
		};
		const test = async (password: string) => {
			const data = smtpData(password);
			// As in the editor: the credential is saved, then tested by its id.
			const saved = await rest('/credentials', { name: `SMTP ${password.length}`, type: 'smsGatewaySmtp', data });
			return await rest('/credentials/test', { credentials: { id: saved.id, name: saved.name, type: 'smsGatewaySmtp', data } });
		};
		const sentBefore = smtpSink().messages.length;

		expect(await test(SMTP_PASSWORD)).toEqual({
			status: 'OK',
			message: `127.0.0.1:${smtpSink().port} answered and accepted the login of ${SMTP_USER}`,
		});
		const refused = await test(`${SMTP_PASSWORD}-wrong`);
		expect(refused).toEqual({ status: 'Error', message: 'Invalid login: 535 Wrong user or password, says the sink' });
		expect(smtpSink().messages).toHaveLength(sentBefore);
	});
});
