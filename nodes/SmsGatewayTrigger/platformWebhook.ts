/**
 * One platform webhook request, from body to outcome, without n8n: the node maps the
 * outcome onto n8n's webhook response. Order matters: the secret is checked before the
 * body is validated, so an unauthenticated caller learns nothing about the format.
 */
import type { IDataObject } from 'n8n-workflow';

import { decodeBody } from '../shared/body';
import { acceptEvent, omitKeys, type EventTriggerSettings } from '../shared/eventTrigger';
import type { GatewayEvent } from '../shared/events';
import { parseEvent } from '../shared/parseEvent';
import { secretsMatch } from '../shared/secrets';
import { validate } from '../shared/validation';

export interface PlatformWebhookRequest {
	/** What n8n parsed from the body (flat form keys, JSON, or nothing). */
	body: unknown;
	/** The body's bytes, for requests n8n did not parse. */
	rawBody?: Buffer;
}

export type WebhookOutcome =
	| { kind: 'rejected'; status: 400 | 401; message: string }
	| { kind: 'ignored'; reason: string }
	| { kind: 'accepted'; event: GatewayEvent; item: IDataObject };

export function receivePlatformWebhook(
	request: PlatformWebhookRequest,
	expectedSecret: string,
	settings: EventTriggerSettings,
): WebhookOutcome {
	const decoded = validate(() => decodeBody(request.body, request.rawBody));
	if (!decoded.ok) {
		// Without a readable body there is no secret to check: the caller is not authenticated.
		return { kind: 'rejected', status: 401, message: `secret is missing (${decoded.error.message})` };
	}
	const body = decoded.value;

	if (body.secret === undefined || body.secret === '') {
		return { kind: 'rejected', status: 401, message: 'secret is missing' };
	}
	if (!secretsMatch(body.secret, expectedSecret)) {
		return { kind: 'rejected', status: 401, message: 'secret is wrong' };
	}

	const parsed = validate(() => parseEvent(body));
	if (!parsed.ok) return { kind: 'rejected', status: 400, message: parsed.error.message };

	const acceptance = acceptEvent(parsed.value, settings, omitKeys(body, ['secret']));
	if (!acceptance.accepted) return { kind: 'ignored', reason: acceptance.reason };
	return { kind: 'accepted', event: parsed.value, item: acceptance.item };
}
