/**
 * What an email about an item shows: a title (the default subject), the main text, and
 * the other fields in a readable order. Canonical gateway events get labelled fields;
 * any other item is shown as a table of its fields, so the node works after any node.
 */
import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPE_LABELS, type EventType, type GatewayEvent } from '../shared/events';
import { eventFromData, parseEventType } from '../shared/parseEvent';
import { displayValue } from '../shared/template';
import { validate } from '../shared/validation';

export interface ViewRow {
	label: string;
	value: string;
	/** A web address to show as a link (only ever http or https). */
	link?: string;
}

export interface EventView {
	/** `SMS`, `WhatsApp`, … or `Item` for anything that is not a gateway event. */
	kind: string;
	title: string;
	/** The message, USSD response or notification text, shown first and whole. */
	main?: ViewRow;
	rows: ViewRow[];
}

type FieldList = ReadonlyArray<readonly [field: string, label: string]>;

/** The fields of each event type in reading order; `main` is the text people came for. */
const EVENT_LAYOUT: Record<EventType, { main: readonly [string, string]; fields: FieldList }> = {
	sms: {
		main: ['message', 'Message'],
		fields: [['phone', 'From'], ['receivedAt', 'Received'], ['sim', 'SIM'], ['device', 'Device'], ['id', 'ID'], ['rid', 'Device message ID']],
	},
	whatsapp: {
		main: ['message', 'Message'],
		fields: [['phone', 'From'], ['wid', 'To account'], ['attachment', 'Attachment'], ['receivedAt', 'Received'], ['id', 'ID']],
	},
	ussd: {
		main: ['response', 'Response'],
		fields: [['code', 'Code'], ['receivedAt', 'Received'], ['sim', 'SIM'], ['device', 'Device'], ['id', 'ID']],
	},
	notification: {
		main: ['content', 'Content'],
		fields: [['package', 'App'], ['title', 'Title'], ['receivedAt', 'Received'], ['device', 'Device'], ['id', 'ID']],
	},
};

/** Fields every event has that the view already says another way. */
const IMPLIED_FIELDS = new Set(['type', 'timestamp']);

/** The canonical event in an item, or `undefined` for any other item. */
export function eventInItem(json: IDataObject): GatewayEvent | undefined {
	const parsed = validate(() => eventFromData(parseEventType(json.type), json));
	return parsed.ok ? parsed.value : undefined;
}

/** The default subject of an item. */
export function defaultTitle(json: IDataObject): string {
	const event = eventInItem(json);
	if (event === undefined) return typeof json.type === 'string' && json.type !== '' ? `${json.type} item` : 'Item from n8n';
	switch (event.type) {
		case 'sms':
			return `SMS from ${event.phone}`;
		case 'whatsapp':
			return `WhatsApp from ${event.phone} to ${event.wid}`;
		case 'ussd':
			return `USSD ${event.code} reply`;
		case 'notification':
			return `${event.package}: ${event.title || event.content || 'notification'}`;
	}
}

export interface ViewOptions {
	/** Leave a WhatsApp attachment URL out of the email. */
	omitAttachment?: boolean;
}

export function viewOf(json: IDataObject, options: ViewOptions = {}): EventView {
	const event = eventInItem(json);
	const title = defaultTitle(json);
	const skipped = new Set(options.omitAttachment ? ['attachment'] : []);
	if (event === undefined) {
		return { kind: 'Item', title, rows: rowsOf(json, Object.keys(json).map((key) => [key, key] as const), skipped) };
	}
	const layout = EVENT_LAYOUT[event.type];
	const [mainField, mainLabel] = layout.main;
	const listed = new Set([mainField, ...layout.fields.map(([field]) => field), ...IMPLIED_FIELDS]);
	// Fields a workflow added to the event (e.g. a Set node's) come after the known ones.
	const extra = Object.keys(json)
		.filter((key) => !listed.has(key))
		.map((key) => [key, key] as const);
	return {
		kind: EVENT_TYPE_LABELS[event.type],
		title,
		main: { label: mainLabel, value: displayValue(json[mainField]) },
		rows: rowsOf(json, [...layout.fields, ...extra], skipped),
	};
}

function rowsOf(json: IDataObject, fields: FieldList, skipped: ReadonlySet<string>): ViewRow[] {
	const rows: ViewRow[] = [];
	for (const [field, label] of fields) {
		if (skipped.has(field) || json[field] === undefined) continue;
		const value = displayValue(json[field]);
		const link = field === 'attachment' && isWebAddress(value) ? value : undefined;
		rows.push(link === undefined ? { label, value } : { label, value, link });
	}
	return rows;
}

/** Only http(s) addresses become links: a `javascript:` URL from a stranger must stay text. */
export function isWebAddress(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}
