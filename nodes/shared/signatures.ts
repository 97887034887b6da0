/**
 * Request signatures of the Android gateway apps: HMAC-SHA256 computed by the phone,
 * checked here. Pure functions returning booleans or a reason; the webhook turns a
 * failure into a 401 without starting an execution. Comparisons are constant-time on
 * equal-length digests (`crypto.timingSafeEqual`), like n8n's own webhook verification.
 */
import { createHmac, timingSafeEqual } from 'crypto';

/** How far a signed timestamp may be from our clock: SMSGate's docs recommend ±5 minutes. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

export function hmacSha256(key: string, ...parts: Array<Buffer | string>): Buffer {
	const hmac = createHmac('sha256', key);
	for (const part of parts) hmac.update(part);
	return hmac.digest();
}

/** Whether `given` is `expected` written as hex (either case). */
export function hexDigestMatches(given: unknown, expected: Buffer): boolean {
	if (typeof given !== 'string' || !HEX_SHA256.test(given.trim())) return false;
	return digestsEqual(Buffer.from(given.trim(), 'hex'), expected);
}

/** Whether `given` is `expected` written as base64 (URL-encoded once more or not). */
export function base64DigestMatches(given: unknown, expected: Buffer): boolean {
	if (typeof given !== 'string') return false;
	let text = given.trim();
	// SmsForwarder URL-encodes the base64 sign; a form parser undoes it once, a query
	// string built by hand may not have. `+` may also have become a space on the way.
	if (text.includes('%')) text = safeDecodeURIComponent(text);
	text = text.replace(/ /g, '+');
	if (!BASE64_SHA256.test(text)) return false;
	return digestsEqual(Buffer.from(text, 'base64'), expected);
}

/** Hex or base64: apps differ, and the encoding is not a secret. */
export function digestMatches(given: unknown, expected: Buffer): boolean {
	return hexDigestMatches(given, expected) || base64DigestMatches(given, expected);
}

function digestsEqual(given: Buffer, expected: Buffer): boolean {
	return given.length === expected.length && timingSafeEqual(given, expected);
}

function safeDecodeURIComponent(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

const VALID: SignatureCheck = { valid: true };

/** Reads a header that may arrive as a list (repeated header) or not at all. */
export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
	return typeof value === 'string' ? value : undefined;
}

/**
 * SMSGate (capcom6 "SMS Gateway for Android"): `X-Signature` is the hex HMAC-SHA256 of
 * the raw body followed by `X-Timestamp` (unix seconds), keyed with the app's signing key.
 * Timestamps outside ±5 minutes are refused so a captured request cannot be replayed later.
 */
export function verifySmsGateSignature(input: {
	rawBody: Buffer;
	signature: string | undefined;
	timestamp: string | undefined;
	signingKey: string;
	nowSeconds: number;
}): SignatureCheck {
	if (input.signature === undefined || input.signature === '') {
		return { valid: false, reason: 'X-Signature header is missing' };
	}
	if (input.timestamp === undefined || !/^\d{1,12}$/.test(input.timestamp.trim())) {
		return { valid: false, reason: 'X-Timestamp header is missing or not unix seconds' };
	}
	const timestamp = input.timestamp.trim();
	if (Math.abs(input.nowSeconds - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
		return { valid: false, reason: 'X-Timestamp is more than 5 minutes from the server clock' };
	}
	const expected = hmacSha256(input.signingKey, input.rawBody, timestamp);
	if (!hexDigestMatches(input.signature, expected)) return { valid: false, reason: 'X-Signature does not match' };
	return VALID;
}

/**
 * "Incoming SMS to URL forwarder": optional `X-Signature`, HMAC-SHA256 of the raw body.
 * The app's encoding is not documented, so hex and base64 are both accepted.
 */
export function verifyBodySignature(rawBody: Buffer, signature: string | undefined, key: string): SignatureCheck {
	if (signature === undefined || signature === '') return { valid: false, reason: 'X-Signature header is missing' };
	if (!digestMatches(signature, hmacSha256(key, rawBody))) return { valid: false, reason: 'X-Signature does not match' };
	return VALID;
}

/**
 * SmsForwarder (pppscn): `sign` = base64 HMAC-SHA256 of `timestamp + "\n" + secret`,
 * keyed with the secret (the DingTalk robot scheme the app copies). It signs only the
 * timestamp, not the message, so it proves the sender knows the key and no more.
 */
export function verifySmsForwarderSign(timestamp: unknown, sign: unknown, secret: string): SignatureCheck {
	if (sign === undefined || sign === '') return { valid: false, reason: 'sign is missing' };
	const stamp = typeof timestamp === 'number' ? String(timestamp) : timestamp;
	if (typeof stamp !== 'string' || stamp === '') return { valid: false, reason: 'timestamp is missing' };
	const expected = hmacSha256(secret, `${stamp}\n${secret}`);
	if (!base64DigestMatches(sign, expected)) return { valid: false, reason: 'sign does not match' };
	return VALID;
}
