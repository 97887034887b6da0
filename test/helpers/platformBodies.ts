/**
 * The platform's webhook bodies exactly as they arrive (test/fixtures/platform-webhooks.txt,
 * form-encoded the way PHP's http_build_query does), and the shapes n8n hands a node.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseQueryString } from 'querystring';

export const TEST_SECRET = 'hunter2-webhook-secret-5f3c';

export type FixtureName = 'sms' | 'whatsapp' | 'ussd' | 'notifications';

/** The fixture body of `name` with `secret` in place of the placeholder. */
export function platformBody(name: FixtureName, secret = TEST_SECRET): string {
	const lines = readFileSync(join(__dirname, '..', 'fixtures', 'platform-webhooks.txt'), 'utf8').split('\n');
	const heading = lines.findIndex((line) => line.startsWith(`# ${name}`));
	if (heading < 0) throw new Error(`no fixture "${name}"`);
	return lines[heading + 1].replace('REPLACE_WITH_SECRET', encodeURIComponent(secret));
}

/** A form body the way n8n parses urlencoded requests: Node's querystring, flat keys. */
export function asN8nFormBody(form: string): Record<string, unknown> {
	return { ...parseQueryString(form) };
}

/** Builds a form body like the platform (PHP http_build_query) from fields. */
export function platformForm(fields: Record<string, string>): string {
	return new URLSearchParams(fields).toString();
}

export const FIXTURE_DEVICE = '00000000-0000-0000-d57d-f30cb6a89289';

/** The item the `sms` fixture must become (DESIGN.md's example). */
export const FIXTURE_SMS_ITEM = {
	type: 'sms',
	id: 2,
	rid: 10593,
	sim: 1,
	device: FIXTURE_DEVICE,
	phone: '+639760713666',
	message: 'Hello World!',
	timestamp: 1645684231,
	receivedAt: '2022-02-24T06:30:31.000Z',
} as const;
