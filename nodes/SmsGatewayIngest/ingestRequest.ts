/**
 * One device post, from request to outcome, without n8n: the node maps the outcome onto
 * n8n's webhook response. Order matters: the device token is checked before the body is
 * read, so an unauthenticated caller learns nothing about the formats; signatures are
 * checked before anything is remembered, so forged posts cannot poison the retry memory.
 */
import type { IDataObject } from 'n8n-workflow';

import { decodeBody, type BodyRecord } from '../shared/body';
import { acceptEvent, omitKeys, type EventTriggerSettings } from '../shared/eventTrigger';
import type { GatewayEvent } from '../shared/events';
import { eventFromData } from '../shared/parseEvent';
import {
	headerValue,
	verifyBodySignature,
	verifySmsForwarderSign,
	verifySmsGateSignature,
	type SignatureCheck,
} from '../shared/signatures';
import { EventValidationError, validate } from '../shared/validation';
import { authenticateDevice, type DeviceToken } from './deviceTokens';
import { adaptRequest, detectFormat, renameField, type AdaptedRequest, type FormatChoice, type IngestFormat } from './formats';
import { admitEvent, type ProcessMemory, type RecentEventsSettings } from './recentEvents';

export interface IngestRequest {
	/** What n8n parsed from the body (flat form keys, JSON, or nothing). */
	body: unknown;
	/** The body's bytes as received: signatures are computed over them. */
	rawBody?: Buffer;
	headers: Record<string, unknown>;
	query: Record<string, unknown>;
}

export interface IngestKeys {
	tokens: DeviceToken[];
	/** SMSGate's signing key (Settings → Webhooks → Signing Key); empty: not checked. */
	smsGateSigningSecret: string;
	/** The HMAC key set in a forwarder app; empty: not checked. */
	forwarderSigningSecret: string;
}

export interface IngestSettings extends EventTriggerSettings {
	format: FormatChoice;
	recent: RecentEventsSettings;
}

export interface IngestState {
	memory: ProcessMemory;
	staticData: IDataObject;
	nowSeconds: number;
}

export type IngestOutcome =
	| { kind: 'rejected'; status: 400 | 401; message: string }
	/** Answered 200 with no id: a ping or an event the format does not turn into an item. */
	| { kind: 'acknowledged'; reason: string }
	| { kind: 'duplicate'; id: number }
	| { kind: 'ignored'; id: number; reason: string }
	| { kind: 'accepted'; id: number; event: GatewayEvent; item: IDataObject };

/** Keys of a body that must not reach an item's `raw`. */
const NOT_FOR_ITEMS = ['secret', 'token', 'sign'];

export function receiveDevicePost(
	request: IngestRequest,
	keys: IngestKeys,
	settings: IngestSettings,
	state: IngestState,
): IngestOutcome {
	const authentication = authenticateDevice(request, keys.tokens);
	if (!authentication.authenticated) return { kind: 'rejected', status: 401, message: authentication.reason };
	const device = authentication.device;

	const decoded = validate(() => decodeBody(request.body, request.rawBody));
	if (!decoded.ok) return badRequest(decoded.error);
	const body = decoded.value;

	const format = validate(() => (settings.format === 'auto' ? detectFormat(body) : settings.format));
	if (!format.ok) return badRequest(format.error);

	const signature = checkSignature(format.value, request, body, keys, state.nowSeconds);
	if (!signature.valid) return { kind: 'rejected', status: 401, message: signature.reason };

	const adapted = validate(() => adaptRequest(format.value, body, device.device, state.nowSeconds));
	if (!adapted.ok) return badRequest(adapted.error);
	if (adapted.value.kind === 'ignored') return { kind: 'acknowledged', reason: adapted.value.reason };

	return admit(adapted.value, body, settings, state);
}

function admit(
	adapted: Extract<AdaptedRequest, { kind: 'event' }>,
	body: BodyRecord,
	settings: IngestSettings,
	state: IngestState,
): IngestOutcome {
	// Validate with a stand-in id first: only a valid event may take an id and be remembered.
	const standIn = adapted.ridFromId ? { id: 0, rid: 0 } : { id: 0 };
	const parsed = validate(() => eventFromData(adapted.type, { ...adapted.data, ...standIn }));
	if (!parsed.ok) return badRequest(renameField(parsed.error, adapted.fieldNames));

	const admission = admitEvent(
		state.memory,
		state.staticData,
		adapted.dedupKey,
		parsed.value.timestamp,
		settings.recent,
		state.nowSeconds,
	);
	if (admission.duplicate) return { kind: 'duplicate', id: admission.id };

	const event = withId(parsed.value, admission.id, adapted.ridFromId);
	const acceptance = acceptEvent(event, settings, omitKeys(body, NOT_FOR_ITEMS));
	if (!acceptance.accepted) return { kind: 'ignored', id: admission.id, reason: acceptance.reason };
	return { kind: 'accepted', id: admission.id, event, item: acceptance.item };
}

function withId(event: GatewayEvent, id: number, ridFromId: boolean): GatewayEvent {
	if (event.type === 'sms' && ridFromId) return { ...event, id, rid: id };
	return { ...event, id };
}

function checkSignature(
	format: IngestFormat,
	request: IngestRequest,
	body: BodyRecord,
	keys: IngestKeys,
	nowSeconds: number,
): SignatureCheck {
	const rawBody = request.rawBody ?? Buffer.alloc(0);
	switch (format) {
		case 'smsgate':
			if (keys.smsGateSigningSecret === '') return { valid: true };
			return verifySmsGateSignature({
				rawBody,
				signature: headerValue(request.headers, 'x-signature'),
				timestamp: headerValue(request.headers, 'x-timestamp'),
				signingKey: keys.smsGateSigningSecret,
				nowSeconds,
			});
		case 'incomingSmsToUrl':
			if (keys.forwarderSigningSecret === '') return { valid: true };
			return verifyBodySignature(rawBody, headerValue(request.headers, 'x-signature'), keys.forwarderSigningSecret);
		case 'smsForwarder':
			if (keys.forwarderSigningSecret === '') return { valid: true };
			return verifySmsForwarderSign(body.timestamp, body.sign, keys.forwarderSigningSecret);
		case 'canonical':
			// The device token is the canonical format's authentication.
			return { valid: true };
	}
}

function badRequest(error: EventValidationError): IngestOutcome {
	return { kind: 'rejected', status: 400, message: error.message };
}
