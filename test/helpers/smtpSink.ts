/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it
 * receives, for tests and the benchmark: raw MIME, envelope, whether the session was
 * encrypted and who logged in, and how many connections were opened and closed.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface SinkOptions {
	/** Require this login (AUTH PLAIN/LOGIN); without it the server accepts anyone. */
	auth?: { user: string; pass: string };
	/** `starttls`: plain connection that offers STARTTLS (587); `implicit`: TLS from the first byte (465). */
	tls?: 'none' | 'starttls' | 'implicit';
	/** The text of the 535 reply to a failed login (careless servers echo what they got). */
	authFailureReply?: (user: string, password: string) => string;
}

export interface ReceivedMail {
	raw: Buffer;
	envelope: { from: string; to: string[] };
	/** The session was encrypted (implicit TLS or after STARTTLS). */
	secure: boolean;
	/** The login the session authenticated as, if any. */
	user?: string;
	/** The name the client gave in EHLO/HELO. */
	clientName: string;
}

export interface TestCertificate {
	key: Buffer;
	cert: Buffer;
}

let certificate: TestCertificate | undefined;

/**
 * A self-signed certificate for 127.0.0.1, made when first asked for. Node 20's crypto can
 * make keys but not X.509 certificates, so the openssl command line does it.
 */
export function testCertificate(): TestCertificate {
	if (certificate) return certificate;
	const dir = mkdtempSync(join(tmpdir(), 'smtp-sink-'));
	try {
		execFileSync(
			'openssl',
			['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
				'-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
			{ stdio: 'ignore' },
		);
		certificate = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
		return certificate;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export class SmtpSink {
	readonly messages: ReceivedMail[] = [];
	connections = 0;
	closedConnections = 0;
	port = 0;
	private readonly server: SMTPServer;
	private closeWaiters: Array<() => void> = [];

	private constructor(options: SinkOptions) {
		const tls = options.tls ?? 'none';
		const { key, cert } = testCertificate();
		const serverOptions: SMTPServerOptions = {
			key,
			cert,
			secure: tls === 'implicit',
			logger: false,
			// Reverse DNS of 127.0.0.1 costs ~100 ms per connection here and tells the tests nothing.
			disableReverseLookup: true,
			authOptional: options.auth === undefined,
			allowInsecureAuth: true,
			disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(tls === 'starttls' ? [] : ['STARTTLS'])],
			onConnect: (_session, callback) => {
				this.connections++;
				callback();
			},
			onClose: () => {
				this.closedConnections++;
				for (const wake of this.closeWaiters.splice(0)) wake();
			},
			onAuth: (auth, _session, callback) => {
				if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
					callback(null, { user: auth.username });
					return;
				}
				const reply = options.authFailureReply?.(auth.username ?? '', auth.password ?? '');
				callback(new Error(reply ?? 'Wrong user or password, says the sink'));
			},
			onData: (stream, session, callback) => {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('end', () => {
					this.messages.push({
						raw: Buffer.concat(chunks),
						envelope: {
							from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
							to: session.envelope.rcptTo.map((recipient) => recipient.address),
						},
						secure: session.secure,
						user: typeof session.user === 'string' ? session.user : undefined,
						clientName: session.hostNameAppearsAs,
					});
					callback();
				});
			},
		};
		this.server = new SMTPServer(serverOptions);
	}

	static async start(options: SinkOptions = {}): Promise<SmtpSink> {
		const sink = new SmtpSink(options);
		await new Promise<void>((resolve, reject) => {
			sink.server.once('error', reject);
			sink.server.listen(0, '127.0.0.1', () => resolve());
		});
		sink.port = (sink.server.server.address() as AddressInfo).port;
		return sink;
	}

	/** The received message `index`, parsed: headers, text, html, attachments. */
	async parsed(index: number): Promise<ParsedMail> {
		const mail = this.messages[index];
		if (!mail) throw new Error(`the sink received ${this.messages.length} messages, not ${index + 1}`);
		return await simpleParser(mail.raw);
	}

	/** Resolves once every connection the server saw has closed again. */
	async allConnectionsClosed(): Promise<void> {
		while (this.closedConnections < this.connections) {
			await new Promise<void>((resolve) => this.closeWaiters.push(resolve));
		}
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

/** A loopback port with nothing listening on it (a server that is down). */
export async function closedPort(): Promise<number> {
	const sink = await SmtpSink.start();
	const { port } = sink;
	await sink.stop();
	return port;
}

/**
 * The data of an `smsGatewaySmtp` credential that reaches `sink` as a client of a
 * STARTTLS sink would (SSL/TLS off, STARTTLS taken), logging in as `user`.
 */
export function smtpCredentialData(sink: SmtpSink, user: string, password: string) {
	return {
		host: '127.0.0.1',
		port: sink.port,
		secure: false,
		disableStartTls: false,
		hostName: '',
		user,
		password,
		// The sink's certificate is made at test time, so nobody vouches for it.
		ignoreSslIssues: true,
	};
}
