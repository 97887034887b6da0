/**
 * Validates a decoded body and builds the canonical event from it.
 *
 * The platform's webhook is `{ secret, type, data: {...} }` (DESIGN.md). Form-encoded
 * values are all strings, so numeric fields are coerced here; anything that cannot be
 * made right is an `EventValidationError` naming the field. The secret is not read here.
 */
import { type BodyRecord, isRecord } from './body';
import {
	EVENT_TYPES,
	type EventType,
	type GatewayEvent,
	type SimSlot,
	type WhatsAppEvent,
	isEventType,
} from './events';
import { EventValidationError, parseJsonOrUndefined, preview } from './validation';

/** Ids and names: numbers, uuids, package names, USSD codes. */
const MAX_NAME_LENGTH = 256;
/** Message bodies: WhatsApp allows 65,536 characters; leave room for multi-part SMS too. */
const MAX_TEXT_LENGTH = 100_000;
/** Unix seconds beyond this (year 5138) are almost certainly milliseconds. */
const MAX_UNIX_SECONDS = 99_999_999_999;
/** 15 digits always fit a double exactly. */
const WHOLE_NUMBER = /^\d{1,15}$/;

/** The event type named by a body's `type`; live notification webhooks say `notifications`. */
export function parseEventType(value: unknown): EventType {
	if (value === undefined || value === null || value === '') {
		throw new EventValidationError('type', 'is missing');
	}
	if (typeof value !== 'string') {
		throw new EventValidationError('type', `must be text (got ${preview(value)})`);
	}
	const type = value.toLowerCase();
	if (type === 'notifications') return 'notification';
	if (isEventType(type)) return type;
	throw new EventValidationError('type', `must be one of ${EVENT_TYPES.join(', ')} (got ${preview(value)})`);
}

/** The event in a decoded platform webhook body. */
export function parseEvent(body: BodyRecord): GatewayEvent {
	const type = parseEventType(body.type);
	return eventFromData(type, readEventData(body.data));
}

/**
 * The `data` of a platform-shaped body as a record: an object, or (some senders) one
 * form field holding JSON. Exported for the ingest trigger, which adds its own id.
 */
export function readEventData(value: unknown): BodyRecord {
	if (value === undefined || value === null || value === '') {
		throw new EventValidationError('data', 'is missing');
	}
	if (typeof value === 'string') {
		// Some senders put the data object into one form field as JSON.
		const parsed = parseJsonOrUndefined(value);
		if (parsed === undefined) throw new EventValidationError('data', 'must be an object (got text that is not JSON)');
		if (!isRecord(parsed)) throw new EventValidationError('data', 'must be an object');
		return parsed;
	}
	if (!isRecord(value)) throw new EventValidationError('data', `must be an object (got ${preview(value)})`);
	return value;
}

/** Builds the canonical event of `type` from its `data` fields. */
export function eventFromData(type: EventType, data: BodyRecord): GatewayEvent {
	const fields = new FieldReader(data);
	const timestamp = fields.timestamp('timestamp');
	const receivedAt = new Date(timestamp * 1000).toISOString();
	switch (type) {
		case 'sms':
			return {
				type,
				id: fields.wholeNumber('id'),
				rid: fields.wholeNumber('rid'),
				sim: fields.sim('sim'),
				device: fields.name('device'),
				phone: fields.name('phone'),
				message: fields.text('message'),
				timestamp,
				receivedAt,
			};
		case 'whatsapp': {
			const event: WhatsAppEvent = {
				type,
				id: fields.wholeNumber('id'),
				wid: fields.name('wid'),
				phone: fields.name('phone'),
				message: fields.text('message'),
				timestamp,
				receivedAt,
			};
			const attachment = fields.attachment('attachment');
			if (attachment !== undefined) event.attachment = attachment;
			return event;
		}
		case 'ussd':
			return {
				type,
				id: fields.wholeNumber('id'),
				sim: fields.sim('sim'),
				device: fields.name('device'),
				code: fields.name('code'),
				response: fields.text('response'),
				timestamp,
				receivedAt,
			};
		case 'notification':
			return {
				type,
				id: fields.wholeNumber('id'),
				device: fields.name('device'),
				package: fields.name('package'),
				// Android notifications may have no title or text; PHP's form encoding drops
				// null fields entirely, so absent means empty here.
				title: fields.text('title', { optional: true }),
				content: fields.text('content', { optional: true }),
				timestamp,
				receivedAt,
			};
	}
}

/** Reads one field at a time from `data`, with errors that name `data.<field>`. */
class FieldReader {
	constructor(private readonly data: BodyRecord) {}

	wholeNumber(field: string): number {
		const value = this.present(field);
		if (value === '') throw this.error(field, 'is missing');
		if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
		if (typeof value === 'string' && WHOLE_NUMBER.test(value)) return Number(value);
		if (typeof value === 'string' && /^\d+$/.test(value)) {
			throw this.error(field, 'is too large');
		}
		throw this.error(field, `must be a whole number (got ${preview(value)})`);
	}

	sim(field: string): SimSlot {
		const value = this.present(field);
		if (value === '') throw this.error(field, 'is missing');
		const slot = typeof value === 'string' && WHOLE_NUMBER.test(value) ? Number(value) : value;
		if (slot === 1 || slot === 2) return slot;
		throw this.error(field, `must be 1 or 2 (got ${preview(value)})`);
	}

	timestamp(field: string): number {
		const seconds = this.wholeNumber(field);
		if (seconds > MAX_UNIX_SECONDS) {
			throw this.error(field, `must be unix seconds (got ${seconds}, which looks like milliseconds)`);
		}
		return seconds;
	}

	/** A non-empty identifier: phone number, device uuid, package name, USSD code. */
	name(field: string): string {
		const value = this.string(field, MAX_NAME_LENGTH);
		if (value === '') throw this.error(field, 'is empty');
		return value;
	}

	/** Free text written by a person or an app; may be empty, kept exactly as sent. */
	text(field: string, options: { optional?: boolean } = {}): string {
		if (options.optional && this.data[field] === undefined) return '';
		return this.string(field, MAX_TEXT_LENGTH);
	}

	/** WhatsApp attachment: a URL, or "no attachment" spelled false, `0` or empty. */
	attachment(field: string): string | undefined {
		const value = this.data[field];
		if (value === undefined || value === null || value === false || value === 0) return undefined;
		if (typeof value === 'string' && ['', '0', 'false'].includes(value)) return undefined;
		return this.string(field, MAX_TEXT_LENGTH);
	}

	private string(field: string, maxLength: number): string {
		const value = this.present(field);
		// JSON senders sometimes send numbers for phone fields.
		const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
		if (typeof text !== 'string') throw this.error(field, `must be text (got ${preview(value)})`);
		if (text.length > maxLength) {
			throw this.error(field, `is too long (${text.length} characters, at most ${maxLength})`);
		}
		return text;
	}

	private present(field: string): unknown {
		const value = this.data[field];
		if (value === undefined || value === null) throw this.error(field, 'is missing');
		if (Array.isArray(value)) throw this.error(field, 'must be a single value, not a list');
		return value;
	}

	private error(field: string, problem: string): EventValidationError {
		return new EventValidationError(`data.${field}`, problem);
	}
}
