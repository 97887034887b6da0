/**
 * Email Forward's SMTP connection: logins, TLS, failures, and the password never
 * showing up in what the node returns or throws. All against real servers on loopback.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EmailForward } from '../../nodes/EmailForward/EmailForward.node';
import { verifyCredential } from '../../nodes/EmailForward/credentialTest';
import type { SmtpCredential } from '../../nodes/EmailForward/transport';
import { SmtpSink, closedPort } from '../helpers/smtpSink';
import { SMTP_PASSWORD, SMTP_USER, credentialFor, eventItem, runEmailForward } from './fixtures';

const sinks: SmtpSink[] = [];

async function startSink(...options: Parameters<typeof SmtpSink.start>): Promise<SmtpSink> {
	const sink = await SmtpSink.start(...options);
	sinks.push(sink);
	return sink;
}

afterEach(async () => {
	await Promise.all(sinks.splice(0).map(async (sink) => await sink.stop()));
});

/** Everything an error could carry to a user, a log or the execution data. */
function everythingIn(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const own = Object.fromEntries(Object.getOwnPropertyNames(error).map((key) => [key, (error as unknown as Record<string, unknown>)[key]]));
	return [error.message, error.stack, JSON.stringify(own), JSON.stringify(error)].join('\n');
}

function expectNoPassword(text: string): void {
	expect(text).not.toContain(SMTP_PASSWORD);
	expect(text).not.toContain(Buffer.from(SMTP_PASSWORD).toString('base64').replace(/=+$/, ''));
}

async function thrownBy(run: Promise<unknown>): Promise<unknown> {
	try {
		await run;
	} catch (error) {
		return error;
	}
	throw new Error('expected the run to throw');
}

describe('Email Forward: logging in', () => {
	const auth = { user: SMTP_USER, pass: SMTP_PASSWORD };

	test('with the right password the mail is sent as that user', async () => {
		const sink = await startSink({ auth });

		const output = await runEmailForward({
			items: [eventItem('sms')],
			credential: credentialFor(sink.port, { user: SMTP_USER, password: SMTP_PASSWORD }),
		});

		expect(sink.messages).toHaveLength(1);
		expect(sink.messages[0].user).toBe(SMTP_USER);
		expectNoPassword(JSON.stringify(output));
	});

	test('a wrong password is an error item per item with continueOnFail, quoting the server', async () => {
		const sink = await startSink({ auth });

		const output = await runEmailForward({
			items: [eventItem('sms'), eventItem('ussd')],
			credential: credentialFor(sink.port, { user: SMTP_USER, password: `${SMTP_PASSWORD}-wrong` }),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{ json: { error: expect.stringContaining('Wrong user or password, says the sink') }, pairedItem: { item: 0 } },
			{ json: { error: expect.stringContaining('Wrong user or password, says the sink') }, pairedItem: { item: 1 } },
		]);
		expect(sink.messages).toHaveLength(0);
		expectNoPassword(JSON.stringify(output));
		await sink.allConnectionsClosed();
	});

	test('a wrong password stops the execution with a NodeOperationError for the item, without the password', async () => {
		const sink = await startSink({ auth });

		const error = await thrownBy(
			runEmailForward({
				items: [eventItem('sms')],
				credential: credentialFor(sink.port, { user: SMTP_USER, password: `${SMTP_PASSWORD}-wrong` }),
			}),
		);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toContain('Wrong user or password, says the sink');
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expectNoPassword(everythingIn(error));
		// The pooled connection is closed also when the execution stops on an error.
		await sink.allConnectionsClosed();
	});

	test('a server that echoes the password in its reply does not get it into the error', async () => {
		const sink = await startSink({
			auth: { user: SMTP_USER, pass: 'the-real-one' },
			authFailureReply: (user, password) => `Bad login ${user}/${password} (${Buffer.from(password).toString('base64')})`,
		});

		const error = await thrownBy(
			runEmailForward({ items: [eventItem('sms')], credential: credentialFor(sink.port, { user: SMTP_USER, password: SMTP_PASSWORD }) }),
		);

		expect((error as Error).message).toContain(`Bad login ${SMTP_USER}/[redacted] ([redacted])`);
		expectNoPassword(everythingIn(error));
	});

	test('a server that wants a login and gets none says so', async () => {
		const sink = await startSink({ auth });

		const output = await runEmailForward({ items: [eventItem('sms')], credential: credentialFor(sink.port), continueOnFail: true });

		expect(output[0].json.error).toMatch(/auth/i);
		expect(sink.messages).toHaveLength(0);
	});
});

describe('Email Forward: a mail server that is down', () => {
	test('is an error item with continueOnFail, for every item', async () => {
		const port = await closedPort();

		const output = await runEmailForward({
			items: [eventItem('sms'), eventItem('whatsapp')],
			credential: credentialFor(port, { user: SMTP_USER, password: SMTP_PASSWORD }),
			continueOnFail: true,
		});

		expect(output).toEqual([
			{ json: { error: expect.stringContaining('ECONNREFUSED') }, pairedItem: { item: 0 } },
			{ json: { error: expect.stringContaining('ECONNREFUSED') }, pairedItem: { item: 1 } },
		]);
		expectNoPassword(JSON.stringify(output));
	});

	test('stops the execution otherwise, naming the item', async () => {
		const port = await closedPort();

		const error = await thrownBy(
			runEmailForward({ items: [eventItem('sms')], credential: credentialFor(port, { user: SMTP_USER, password: SMTP_PASSWORD }) }),
		);

		expect(error).toBeInstanceOf(NodeOperationError);
		// n8n words the message for people and keeps nodemailer's in `messages`.
		expect((error as NodeOperationError).message).toBe('The service refused the connection - perhaps it is offline');
		expect((error as NodeOperationError).messages.join('\n')).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expectNoPassword(everythingIn(error));
	});

	test('items after a failed one are still tried with continueOnFail; nothing is dropped', async () => {
		const sink = await startSink();

		const output = await runEmailForward({
			items: [eventItem('sms'), eventItem('sms', { id: 3 }), eventItem('sms', { id: 4 })],
			credential: credentialFor(sink.port),
			parameters: { to: (index: number) => (index === 1 ? 'not-an-address' : 'inbox@example.com') },
			continueOnFail: true,
		});

		expect(output.map((item: INodeExecutionData) => [item.pairedItem, Object.keys(item.json)])).toEqual([
			[{ item: 0 }, ['messageId', 'accepted', 'rejected', 'response']],
			[{ item: 1 }, ['error']],
			[{ item: 2 }, ['messageId', 'accepted', 'rejected', 'response']],
		]);
		expect(output[1].json.error).toBe('To contains "not-an-address", which is not an email address');
		expect(sink.messages).toHaveLength(2);
		expect(sink.connections).toBe(1);
	});
});

describe('Email Forward: TLS', () => {
	test('STARTTLS on a plain port (587 style) encrypts the session', async () => {
		const sink = await startSink({ tls: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASSWORD } });

		await runEmailForward({
			items: [eventItem('sms')],
			credential: credentialFor(sink.port, { user: SMTP_USER, password: SMTP_PASSWORD, ignoreSslIssues: true }),
		});

		expect(sink.messages).toHaveLength(1);
		expect(sink.messages[0].secure).toBe(true);
		expect(sink.messages[0].user).toBe(SMTP_USER);
	});

	test('a self-signed certificate is refused unless SSL issues are ignored', async () => {
		const sink = await startSink({ tls: 'starttls' });

		const output = await runEmailForward({ items: [eventItem('sms')], credential: credentialFor(sink.port), continueOnFail: true });

		expect(output[0].json.error).toMatch(/self[- ]signed certificate/i);
		expect(sink.messages).toHaveLength(0);
	});

	test('Disable STARTTLS stays unencrypted even when the server offers it', async () => {
		const sink = await startSink({ tls: 'starttls' });

		await runEmailForward({ items: [eventItem('sms')], credential: credentialFor(sink.port, { disableStartTls: true }) });

		expect(sink.messages).toHaveLength(1);
		expect(sink.messages[0].secure).toBe(false);
	});

	test('SSL/TLS from the first byte (465 style)', async () => {
		const sink = await startSink({ tls: 'implicit', auth: { user: SMTP_USER, pass: SMTP_PASSWORD } });

		await runEmailForward({
			items: [eventItem('sms'), eventItem('ussd')],
			credential: credentialFor(sink.port, { secure: true, user: SMTP_USER, password: SMTP_PASSWORD, ignoreSslIssues: true }),
		});

		expect(sink.messages.map((mail) => mail.secure)).toEqual([true, true]);
		expect(sink.connections).toBe(1);
	});

	test('the client host name is what the client says in EHLO', async () => {
		const sink = await startSink();

		await runEmailForward({ items: [eventItem('sms')], credential: credentialFor(sink.port, { hostName: 'gateway.example.net' }) });

		expect(sink.messages[0].clientName).toBe('gateway.example.net');
	});
});

describe('the SMTP credential test', () => {
	const tested = async (credential: SmtpCredential) =>
		await new EmailForward().methods.credentialTest.smsGatewaySmtpTest.call(
			{} as never,
			{ id: 'c1', name: 'SMTP', type: 'smsGatewaySmtp', data: credential as never },
		);

	test('logs in and says so', async () => {
		const sink = await startSink({ auth: { user: SMTP_USER, pass: SMTP_PASSWORD } });

		const result = await tested(credentialFor(sink.port, { user: SMTP_USER, password: SMTP_PASSWORD }));

		expect(result).toEqual({ status: 'OK', message: `127.0.0.1:${sink.port} answered and accepted the login of ${SMTP_USER}` });
		expect(sink.messages).toHaveLength(0);
		await sink.allConnectionsClosed();
	});

	test('reports the server\'s own answer to a wrong password, without the password', async () => {
		const sink = await startSink({ auth: { user: SMTP_USER, pass: 'another' } });

		const result = await verifyCredential({ ...credentialFor(sink.port), user: SMTP_USER, password: SMTP_PASSWORD });

		expect(result.status).toBe('Error');
		expect(result.message).toContain('535');
		expect(result.message).toContain('Wrong user or password, says the sink');
		expectNoPassword(result.message);
	});

	test.each([
		['no host', { host: '' }, 'The SMTP credential has no host'],
		['a bad port', { port: 70000 }, "The SMTP credential's port must be a number from 1 to 65535 (got 70000)"],
	])('reports %s', async (_case, change, message) => {
		const result = await verifyCredential({ ...credentialFor(25), ...change });
		expect(result).toEqual({ status: 'Error', message });
	});

	test('reports a server that is down', async () => {
		const result = await verifyCredential({ ...credentialFor(await closedPort()) });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('ECONNREFUSED');
	});
});
