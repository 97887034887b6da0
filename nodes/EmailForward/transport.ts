/**
 * The one place an SMTP transport is built from the credential. Everything that talks
 * to the mail server (the node's sends, the credential test, the benchmark) comes here,
 * so TLS, auth and the file/URL lock-down are decided once.
 */
import { createTransport } from 'nodemailer';
import type { SMTPPoolOptions, SMTPTransportOptions, Transporter } from 'nodemailer';

import { redactSecrets } from '../shared/redact';

/** The fields of the `smsGatewaySmtp` credential (the same as n8n's SMTP credential). */
export interface SmtpCredential {
	user?: string;
	password?: string;
	host: string;
	port: number;
	secure: boolean;
	disableStartTls?: boolean;
	hostName?: string;
	ignoreSslIssues?: boolean;
}

/** Messages one pooled connection carries before it is replaced (nodemailer's default). */
const MESSAGES_PER_CONNECTION = 100;
/** Items are sent one after another, so one connection is all a pool needs. */
const POOL_CONNECTIONS = 1;
/** Give up on a server that does not answer, instead of hanging the execution. */
const CONNECTION_TIMEOUT_MS = 30_000;

/** nodemailer's connection options for the credential. */
export function smtpOptions(credential: SmtpCredential): SMTPTransportOptions {
	const options: SMTPTransportOptions = {
		host: credential.host.trim(),
		port: Number(credential.port),
		secure: credential.secure === true,
		// Messages are built from event data: never let a value name a local file or a URL
		// for nodemailer to read (attachments with `path`/`href`, `raw` from a file).
		disableFileAccess: true,
		disableUrlAccess: true,
		connectionTimeout: CONNECTION_TIMEOUT_MS,
		greetingTimeout: CONNECTION_TIMEOUT_MS,
	};
	// Port 587/25: upgrade with STARTTLS when offered, unless the user turned it off.
	if (!options.secure && credential.disableStartTls === true) options.ignoreTLS = true;
	if (credential.hostName) options.name = credential.hostName.trim();
	if (credential.user || credential.password) {
		options.auth = { user: credential.user ?? '', pass: credential.password ?? '' };
	}
	if (credential.ignoreSslIssues === true) options.tls = { rejectUnauthorized: false };
	return options;
}

export function assertUsableCredential(credential: SmtpCredential): void {
	if (typeof credential.host !== 'string' || credential.host.trim() === '') {
		throw new Error('The SMTP credential has no host');
	}
	const port = Number(credential.port);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`The SMTP credential's port must be a number from 1 to 65535 (got ${String(credential.port)})`);
	}
}

/**
 * A pooled transport: one connection, reused for every item of an execution. The caller
 * closes it when the execution ends (`transport.close()` in a `finally`).
 */
export function createPooledTransport(credential: SmtpCredential): Transporter {
	assertUsableCredential(credential);
	const options: SMTPPoolOptions & { pool: true } = {
		...smtpOptions(credential),
		pool: true,
		maxConnections: POOL_CONNECTIONS,
		maxMessages: MESSAGES_PER_CONNECTION,
	};
	return createTransport(options);
}

/** A transport that opens a new connection for every message (the credential test). */
export function createSingleUseTransport(credential: SmtpCredential): Transporter {
	assertUsableCredential(credential);
	return createTransport(smtpOptions(credential));
}

/** The error's message with the credential's password (in every form it travels in) removed. */
export function safeErrorMessage(error: unknown, credential: Partial<SmtpCredential>): string {
	const message = error instanceof Error ? error.message : String(error);
	const password = credential.password ?? '';
	const authPlain = `\u0000${credential.user ?? ''}\u0000${password}`;
	return redactSecrets(message, password === '' ? [] : [authPlain, password]);
}
