/**
 * Send SMS, Send WhatsApp and USSD → Send Request against fake gateways on loopback:
 * the exact requests the gateway receives, what the user gets back, and every failure.
 */
import { createServer } from 'net';
import { inspect } from 'util';

import {
	DEVICES,
	PLATFORM_SECRET,
	SMSGATE_PASSWORD,
	WA_ACCOUNTS,
	startPlatform,
	startSmsGate,
	type FakeGateway,
} from '../helpers/fakeGateway';
import { errorOf, platformCredential, runSmsGatewayNode, smsGateCredential } from '../helpers/smsGatewayNode';

const DEVICE = DEVICES[0].unique;

const sendSms = (extra: Record<string, unknown> = {}) => ({
	resource: 'message',
	operation: 'sendSms',
	recipients: '+639171234567',
	message: 'Your order #1042 has shipped',
	device: DEVICE,
	sim: 2,
	options: {},
	...extra,
});

/** Everything a user or a log could see of an error. */
function visibleParts(error: unknown): string {
	return [String(error), inspect(error, { depth: 8 }), JSON.stringify(error)].join('\n');
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('Message → Send SMS through the platform', () => {
	let platform: FakeGateway;
	beforeEach(async () => {
		platform = await startPlatform();
	});
	afterEach(async () => await platform.close());

	it('posts the form the platform reads, secret included, and returns the message id per recipient', async () => {
		const { outputs } = await runSmsGatewayNode({
			credential: platformCredential(platform),
			parameters: sendSms({ recipients: '+639171234567, +639181234567\n+639171234567', options: { priority: true } }),
		});

		const sends = platform.sends();
		expect(sends.map((request) => request.contentType)).toEqual([
			'application/x-www-form-urlencoded',
			'application/x-www-form-urlencoded',
		]);
		expect(sends.map((request) => request.fields)).toEqual([
			{ mode: 'devices', phone: '+639171234567', message: 'Your order #1042 has shipped', device: DEVICE, sim: '2', priority: '1', secret: PLATFORM_SECRET },
			{ mode: 'devices', phone: '+639181234567', message: 'Your order #1042 has shipped', device: DEVICE, sim: '2', priority: '1', secret: PLATFORM_SECRET },
		]);
		expect(sends.every((request) => request.path === '/api/send/sms' && request.query.secret === undefined)).toBe(true);

		expect(outputs).toHaveLength(1);
		expect(outputs[0]).toEqual([
			{ json: { channel: 'sms', phone: '+639171234567', messageId: 1000, status: 'queued', device: DEVICE, sim: 2 }, pairedItem: { item: 0 } },
			{ json: { channel: 'sms', phone: '+639181234567', messageId: 1001, status: 'queued', device: DEVICE, sim: 2 }, pairedItem: { item: 0 } },
		]);
		expect(JSON.stringify(outputs)).not.toContain(PLATFORM_SECRET);
	});

	it('accepts recipients from an expression that returns a list, one send per item', async () => {
		const { outputs } = await runSmsGatewayNode({
			credential: platformCredential(platform),
			items: [{ json: { to: ['+639170000001'] } }, { json: { to: ['+639170000002'] } }],
			parameters: sendSms({ recipients: (i: number) => [`+63917000000${i + 1}`] }),
		});
		expect(platform.sends().map((request) => request.fields.phone)).toEqual(['+639170000001', '+639170000002']);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it.each([
		['a wrong secret', { credential: 'wrong-secret-123' }, 'Invalid API secret supplied!', '401'],
		['an unknown device', { device: 'no-such-device' }, "Device doesn't exist!", '404'],
	])('turns the platform’s HTTP 200 error for %s into an error with its message and status', async (_case, change, message, httpCode) => {
		const error = await errorOf(
			runSmsGatewayNode({
				credential: platformCredential(platform, 'credential' in change ? change.credential : PLATFORM_SECRET),
				parameters: sendSms('device' in change ? { device: change.device } : {}),
			}),
		);
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toBe(message);
		expect(error.httpCode).toBe(httpCode);
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
		expect(visibleParts(error)).not.toContain(PLATFORM_SECRET);
		expect(visibleParts(error)).not.toContain('wrong-secret-123');
	});

	it('keeps a secret the gateway echoes out of the error', async () => {
		platform.failNext('/api/send/sms', { kind: 'status', status: 403, message: `Key ${PLATFORM_SECRET} is over quota` });
		const error = await errorOf(runSmsGatewayNode({ credential: platformCredential(platform), parameters: sendSms() }));
		expect(error.message).toBe('Key [redacted] is over quota');
		expect(visibleParts(error)).not.toContain(PLATFORM_SECRET);
	});

	it('with Continue On Fail, answers a failed item with an error item and sends the others', async () => {
		const { outputs } = await runSmsGatewayNode({
			credential: platformCredential(platform),
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parameters: sendSms({ device: (i: number) => (i === 0 ? 'no-such-device' : DEVICE) }),
		});
		expect(outputs[0]).toEqual([
			{ json: { error: "Device doesn't exist!" }, pairedItem: { item: 0 } },
			expect.objectContaining({ json: expect.objectContaining({ messageId: 1000 }), pairedItem: { item: 1 } }),
		]);
	});

	it('names the recipients already queued when a later one fails, so nobody is texted twice', async () => {
		platform.failNext('/api/send/sms', { kind: 'status', status: 403, message: 'Daily limit reached!' }, 1, (request) => request.fields.phone === '+639181234567');
		const error = await errorOf(
			runSmsGatewayNode({
				credential: platformCredential(platform),
				parameters: sendSms({ recipients: '+639171234567, +639181234567, +639191234567' }),
			}),
		);
		expect(error.message).toBe('Daily limit reached! [sending to +639181234567; already queued: +639171234567 (message 1000)]');
		// It stops at the failure rather than guessing about the rest.
		expect(platform.sends().map((request) => request.fields.phone)).toEqual(['+639171234567', '+639181234567']);
	});

	it.each([
		['empty recipients', { recipients: ' , ' }, 'Recipients is empty: give at least one phone number'],
		['an empty message', { message: '   ' }, 'Message is empty'],
		['no device', { device: '' }, 'Device is required: choose a device or set its ID'],
		['SIM 3', { sim: 3 }, 'SIM must be 1 or 2 (got 3)'],
	])('refuses %s before calling the gateway, naming the field', async (_case, change, message) => {
		const error = await errorOf(runSmsGatewayNode({ credential: platformCredential(platform), parameters: sendSms(change) }));
		expect(error.message).toBe(message);
		expect(platform.requests).toHaveLength(0);
	});
});

describe('retries: only when no SMS can have been sent', () => {
	it('retries a send whose connection was refused, and it arrives once', async () => {
		const port = await freePort();
		let platform: FakeGateway | undefined;
		const { outputs, calls } = await runSmsGatewayNode({
			credential: platformCredential({ url: `http://127.0.0.1:${port}` }),
			parameters: sendSms(),
			requests: {
				// The gateway comes up between the first (refused) and the second attempt.
				beforeCall: async (attempt) => {
					if (attempt === 2) platform = await startPlatform(port);
				},
			},
		});
		try {
			expect(calls).toHaveLength(2);
			expect(platform?.sends()).toHaveLength(1);
			expect(outputs[0][0].json).toMatchObject({ messageId: 1000, status: 'queued' });
		} finally {
			await platform?.close();
		}
	});

	it('gives up after three refused attempts and says nothing was sent', async () => {
		const port = await freePort();
		let attempts = 0;
		const error = await errorOf(
			runSmsGatewayNode({
				credential: platformCredential({ url: `http://127.0.0.1:${port}` }),
				parameters: sendSms(),
				requests: { beforeCall: (attempt) => void (attempts = attempt) },
			}),
		);
		expect(attempts).toBe(3);
		expect(error.message).toBe(
			'Could not connect to the gateway (tried 3 times); nothing was sent. Check the URL in the credential and that the gateway is up',
		);
	});

	it('does not retry a send whose connection broke after the gateway received it', async () => {
		const platform = await startPlatform();
		try {
			platform.failNext('/api/send/sms', { kind: 'drop' });
			const error = await errorOf(runSmsGatewayNode({ credential: platformCredential(platform), parameters: sendSms() }));
			expect(platform.sends()).toHaveLength(1);
			expect(error.message).toBe(
				'The connection to the gateway broke before it answered. The SMS may have been sent; not retried to avoid a duplicate SMS',
			);
			expect(visibleParts(error)).not.toContain(PLATFORM_SECRET);
		} finally {
			await platform.close();
		}
	});

	it('does not retry a send that timed out', async () => {
		const platform = await startPlatform();
		try {
			platform.failNext('/api/send/sms', { kind: 'hang' });
			const error = await errorOf(
				runSmsGatewayNode({ credential: platformCredential(platform), parameters: sendSms({ options: { timeout: 1 } }) }),
			);
			expect(platform.sends()).toHaveLength(1);
			expect(error.message).toBe(
				'The gateway did not answer in time. The SMS may have been sent; not retried to avoid a duplicate SMS',
			);
		} finally {
			await platform.close();
		}
	});

	it('does not retry a send the platform failed with a server error', async () => {
		const platform = await startPlatform();
		try {
			platform.failNext('/api/send/sms', { kind: 'status', status: 500, message: 'Internal error', httpStatus: 500 });
			const error = await errorOf(runSmsGatewayNode({ credential: platformCredential(platform), parameters: sendSms() }));
			expect(platform.sends()).toHaveLength(1);
			expect(error.message).toBe('Internal error. The SMS may have been sent; not retried to avoid a duplicate SMS');
		} finally {
			await platform.close();
		}
	});
});

describe('Message → Send WhatsApp and USSD → Send Request', () => {
	let platform: FakeGateway;
	beforeEach(async () => {
		platform = await startPlatform();
	});
	afterEach(async () => await platform.close());

	it('posts a WhatsApp document as multipart with the secret among the parts', async () => {
		const { outputs } = await runSmsGatewayNode({
			credential: platformCredential(platform),
			parameters: {
				resource: 'message',
				operation: 'sendWhatsApp',
				account: WA_ACCOUNTS[0].unique,
				recipient: '120363025246125888@g.us',
				contentType: 'document',
				message: 'Invoice for March',
				documentUrl: 'https://files.example.com/invoice-0342.pdf',
				documentName: 'invoice-0342.pdf',
				documentType: 'pdf',
				options: { sendNow: true },
			},
		});
		const [send] = platform.sends();
		expect(send.path).toBe('/api/send/whatsapp');
		expect(send.contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(send.fields).toEqual({
			account: WA_ACCOUNTS[0].unique,
			recipient: '120363025246125888@g.us',
			type: 'document',
			message: 'Invoice for March',
			priority: '1',
			document_url: 'https://files.example.com/invoice-0342.pdf',
			document_name: 'invoice-0342.pdf',
			document_type: 'pdf',
			secret: PLATFORM_SECRET,
		});
		expect(outputs[0]).toEqual([
			{
				json: { channel: 'whatsapp', phone: '120363025246125888@g.us', messageId: 1000, status: 'queued', account: WA_ACCOUNTS[0].unique, type: 'document' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('sends media by URL with its type', async () => {
		await runSmsGatewayNode({
			credential: platformCredential(platform),
			parameters: {
				resource: 'message',
				operation: 'sendWhatsApp',
				account: WA_ACCOUNTS[0].unique,
				recipient: '+639171234567',
				contentType: 'media',
				message: '',
				mediaUrl: 'https://files.example.com/menu.jpg',
				mediaType: 'image',
				options: {},
			},
		});
		expect(platform.sends()[0].fields).toMatchObject({ type: 'media', media_url: 'https://files.example.com/menu.jpg', media_type: 'image', priority: '2' });
	});

	it('dials a USSD code on the chosen device and SIM', async () => {
		const { outputs } = await runSmsGatewayNode({
			credential: platformCredential(platform),
			parameters: { resource: 'ussd', operation: 'sendRequest', device: DEVICE, sim: 1, code: '*143#', options: {} },
		});
		expect(platform.sends().map((request) => [request.path, request.fields])).toEqual([
			['/api/send/ussd', { code: '*143#', sim: '1', device: DEVICE, secret: PLATFORM_SECRET }],
		]);
		expect(outputs[0][0]).toEqual({
			json: { channel: 'ussd', messageId: 1000, status: 'queued', device: DEVICE, sim: 1, code: '*143#' },
			pairedItem: { item: 0 },
		});
	});
});

describe('the SMSGate provider', () => {
	let smsGate: FakeGateway;
	beforeEach(async () => {
		smsGate = await startSmsGate();
	});
	afterEach(async () => await smsGate.close());

	it('posts JSON with basic auth, all recipients at once, and reports each recipient’s state', async () => {
		const { outputs } = await runSmsGatewayNode({
			credential: smsGateCredential(smsGate),
			parameters: sendSms({ recipients: '+15550100001, +15550100002', device: '', sim: 1, options: { priority: true } }),
		});
		const [send] = smsGate.sends();
		expect(send.contentType).toMatch(/^application\/json/);
		expect(send.authorization).toBe(`Basic ${Buffer.from(`sms:${SMSGATE_PASSWORD}`).toString('base64')}`);
		expect(send.fields).toEqual({
			textMessage: { text: 'Your order #1042 has shipped' },
			phoneNumbers: ['+15550100001', '+15550100002'],
			simNumber: 1,
			priority: 100,
		});
		expect(outputs[0].map((item) => item.json)).toEqual([
			{ channel: 'sms', phone: '+15550100001', messageId: 'msg-1', status: 'pending', device: '', sim: 1 },
			{ channel: 'sms', phone: '+15550100002', messageId: 'msg-1', status: 'pending', device: '', sim: 1 },
		]);
		expect(JSON.stringify(outputs)).not.toContain(SMSGATE_PASSWORD);
	});

	it('reports a wrong password with SMSGate’s message and status, without the password', async () => {
		const error = await errorOf(
			runSmsGatewayNode({ credential: smsGateCredential(smsGate, 'not-the-password'), parameters: sendSms() }),
		);
		expect(error.message).toBe('Unauthorized');
		expect(error.httpCode).toBe('401');
		expect(visibleParts(error)).not.toContain('not-the-password');
	});

	it('says plainly that SMSGate cannot send WhatsApp messages', async () => {
		const error = await errorOf(
			runSmsGatewayNode({
				credential: smsGateCredential(smsGate),
				parameters: { resource: 'message', operation: 'sendWhatsApp', account: 'x', recipient: '+1555', contentType: 'text', message: 'hi', options: {} },
			}),
		);
		expect(error.message).toBe('The SMSGate app cannot send WhatsApp messages; use a credential for the hosted platform');
		expect(smsGate.requests).toHaveLength(0);
	});
});
