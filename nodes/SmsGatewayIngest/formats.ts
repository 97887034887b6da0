/**
 * The formats phones post in, each turned into the platform's canonical `data` so that
 * one parser (`eventFromData`) builds every event. A format adapter says which event
 * type it is, the canonical data, which key identifies a retry of the same event, and
 * how its own field names map onto the canonical ones (so a 400 names the field the
 * sender actually sent).
 */
import { createHash } from 'crypto';

import { type BodyRecord, isRecord } from '../shared/body';
import type { EventType } from '../shared/events';
import { parseEventType, readEventData } from '../shared/parseEvent';
import { EventValidationError, preview } from '../shared/validation';

export const INGEST_FORMATS = ['canonical', 'smsgate', 'incomingSmsToUrl', 'smsForwarder'] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];
export type FormatChoice = 'auto' | IngestFormat;

export const FORMAT_LABELS: Record<IngestFormat, string> = {
	canonical: 'platform format {type, data}',
	smsgate: 'SMSGate webhook',
	incomingSmsToUrl: 'Incoming SMS to URL forwarder',
	smsForwarder: 'SmsForwarder',
};

export type AdaptedRequest =
	| {
			kind: 'event';
			format: IngestFormat;
			type: EventType;
			/** Canonical data without `id` (the trigger assigns it). */
			data: BodyRecord;
			/** Identifies retries of this event; undefined when the format gives no way to tell. */
			dedupKey?: string;
			/** The format has no device id of its own: `rid` becomes the assigned id. */
			ridFromId: boolean;
			/** Canonical field (`data.phone`) → the sender's field (`from`), for error messages. */
			fieldNames: Record<string, string>;
	  }
	| { kind: 'ignored'; format: IngestFormat; reason: string };

/** Which format a decoded body is in; throws an `EventValidationError` when none fits. */
export function detectFormat(body: BodyRecord): IngestFormat {
	if (typeof body.event === 'string' && isRecord(body.payload)) return 'smsgate';
	if (body.type !== undefined && body.data !== undefined) return 'canonical';
	if (body.from !== undefined && (body.content !== undefined || body.org_content !== undefined)) return 'smsForwarder';
	if (body.from !== undefined && body.text !== undefined) return 'incomingSmsToUrl';
	throw new EventValidationError(
		'body',
		'is in no known format: expected {type, data}, an SMSGate webhook {event, payload}, or a forwarder\'s from + text or from + content',
	);
}

/**
 * The canonical form of a request in `format`.
 * @param deviceName the authenticated device's name, for formats that carry no device id
 * @param nowSeconds arrival time, for forwarder posts without a timestamp
 */
export function adaptRequest(
	format: IngestFormat,
	body: BodyRecord,
	deviceName: string,
	nowSeconds: number,
): AdaptedRequest {
	switch (format) {
		case 'canonical':
			return adaptCanonical(body, deviceName);
		case 'smsgate':
			return adaptSmsGate(body);
		case 'incomingSmsToUrl':
			return adaptForwarder(body, deviceName, nowSeconds, {
				format,
				message: 'text',
				stamp: 'receivedStamp',
				sim: 'sim',
			});
		case 'smsForwarder':
			// SmsForwarder's `content` is its formatted text; `org_content`, when sent, is the SMS itself.
			return adaptForwarder(body, deviceName, nowSeconds, {
				format,
				message: body.org_content !== undefined ? 'org_content' : 'content',
				stamp: 'timestamp',
				sim: 'card_slot',
			});
	}
}

/** The platform's own shape; the device sets `rid` (its id of the event) and `device`. */
function adaptCanonical(body: BodyRecord, deviceName: string): AdaptedRequest {
	const type = parseEventType(body.type);
	const sent = readEventData(body.data);
	const data: BodyRecord = { ...sent, device: isBlank(sent.device) ? deviceName : sent.device };
	const rid = sent.rid;
	const hasRid = typeof rid === 'number' || (typeof rid === 'string' && rid !== '');
	return {
		kind: 'event',
		format: 'canonical',
		type,
		data,
		dedupKey: hasRid ? `canonical|${type}|${String(data.device)}|${String(rid)}` : undefined,
		ridFromId: false,
		fieldNames: {},
	};
}

/**
 * SMSGate: `{ deviceId, event, id, payload, webhookId }`. Only `sms:received` is an
 * incoming event; `system:ping` and the delivery reports of sent messages are answered
 * 200 (anything else makes the app retry for two days) and start nothing.
 */
function adaptSmsGate(body: BodyRecord): AdaptedRequest {
	const event = String(body.event);
	if (event === 'system:ping') return { kind: 'ignored', format: 'smsgate', reason: 'ping' };
	if (event !== 'sms:received') {
		return { kind: 'ignored', format: 'smsgate', reason: `SMSGate event ${event} is not an incoming message` };
	}
	const payload = body.payload as BodyRecord;
	if (typeof body.id !== 'string' || body.id === '') throw new EventValidationError('id', 'is missing');
	const simNumber = payload.simNumber;
	const data: BodyRecord = {
		device: body.deviceId,
		phone: payload.phoneNumber,
		message: payload.message,
		// simNumber is null on single-SIM phones.
		sim: simNumber === null || simNumber === undefined ? 1 : simNumber,
		timestamp: isoToUnixSeconds(payload.receivedAt, 'payload.receivedAt'),
	};
	return {
		kind: 'event',
		format: 'smsgate',
		type: 'sms',
		data,
		// The envelope id is what stays the same when the app retries (messageId is content-based).
		dedupKey: `smsgate|${String(body.deviceId)}|${body.id}`,
		ridFromId: true,
		fieldNames: {
			'data.device': 'deviceId',
			'data.phone': 'payload.phoneNumber',
			'data.message': 'payload.message',
			'data.sim': 'payload.simNumber',
		},
	};
}

interface ForwarderFields {
	format: 'incomingSmsToUrl' | 'smsForwarder';
	message: string;
	/** Milliseconds since the epoch when the phone received the SMS. */
	stamp: string;
	sim: string;
}

/**
 * Forwarder apps post one SMS with its sender, text and a millisecond timestamp, and
 * retry when they get no 2xx. Sender + text + timestamp identify the SMS; without a
 * timestamp there is nothing stable to recognise a retry by.
 */
function adaptForwarder(body: BodyRecord, deviceName: string, nowSeconds: number, fields: ForwarderFields): AdaptedRequest {
	const stamp = body[fields.stamp];
	const hasStamp = stamp !== undefined && stamp !== '' && stamp !== null;
	const data: BodyRecord = {
		device: deviceName,
		phone: body.from,
		message: body[fields.message],
		sim: simSlotFrom(body[fields.sim]),
		timestamp: hasStamp ? millisecondsToSeconds(stamp, fields.stamp) : nowSeconds,
	};
	const fingerprint = createHash('sha256')
		.update(JSON.stringify([body.from, body[fields.message], stamp]))
		.digest('base64');
	return {
		kind: 'event',
		format: fields.format,
		type: 'sms',
		data,
		dedupKey: hasStamp ? `${fields.format}|${deviceName}|${fingerprint}` : undefined,
		ridFromId: true,
		fieldNames: { 'data.phone': 'from', 'data.message': fields.message, 'data.sim': fields.sim },
	};
}

/** `1`, `2`, `sim2`, `SIM1_Carrier`…: the first 1 or 2 in it; single-SIM phones send nothing. */
function simSlotFrom(value: unknown): number {
	if (typeof value === 'number') return value;
	const match = typeof value === 'string' ? /[12]/.exec(value) : null;
	return match ? Number(match[0]) : 1;
}

function millisecondsToSeconds(value: unknown, field: string): number {
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string' || !/^\d{1,16}$/.test(text)) {
		throw new EventValidationError(field, `must be a time in milliseconds (got ${preview(value)})`);
	}
	const number = Number(text);
	// Accept seconds too: templates are user-editable.
	return number > 99_999_999_999 ? Math.floor(number / 1000) : number;
}

function isoToUnixSeconds(value: unknown, field: string): number {
	const millis = typeof value === 'string' ? Date.parse(value) : NaN;
	if (Number.isNaN(millis) || millis < 0) {
		throw new EventValidationError(field, `must be a date and time (got ${preview(value)})`);
	}
	return Math.floor(millis / 1000);
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Rewrites a canonical field name in a validation error into the sender's own. */
export function renameField(error: EventValidationError, fieldNames: Record<string, string>): EventValidationError {
	const renamed = fieldNames[error.field];
	return renamed === undefined ? error : new EventValidationError(renamed, error.problem);
}
