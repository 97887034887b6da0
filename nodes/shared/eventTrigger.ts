/**
 * What the two event triggers (platform webhooks and direct device posts) share once a
 * request has become an event: the selected types, the filters, the item built from the
 * event, and which output it leaves by.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { BodyRecord } from './body';
import { filterRejection, type EventFilters } from './eventFilters';
import { EVENT_TYPES, EVENT_TYPE_LABELS, type EventType, type GatewayEvent } from './events';
import { toE164 } from './senders';

export type OutputMode = 'single' | 'perType';

export interface EventTriggerOptions {
	/** Adds the decoded request body (without any secret) as `raw`. */
	includeRaw?: boolean;
	/** Digits of the country code used to write sender numbers in E.164 form. */
	defaultCountryCode?: string;
}

export interface EventTriggerSettings {
	events: EventType[];
	outputMode: OutputMode;
	filters: EventFilters;
	options: EventTriggerOptions;
}

export function readEventTriggerSettings(context: IWebhookFunctions): EventTriggerSettings {
	return {
		events: context.getNodeParameter('events', [...EVENT_TYPES]) as EventType[],
		outputMode: context.getNodeParameter('outputMode', 'single') as OutputMode,
		filters: context.getNodeParameter('filters', {}) as EventFilters,
		options: context.getNodeParameter('options', {}) as EventTriggerOptions,
	};
}

export type EventAcceptance = { accepted: true; item: IDataObject } | { accepted: false; reason: string };

/**
 * Whether the trigger emits `event`, and the item it emits.
 * @param raw the decoded body, secret already removed, for the `includeRaw` option
 */
export function acceptEvent(event: GatewayEvent, settings: EventTriggerSettings, raw?: BodyRecord): EventAcceptance {
	if (!settings.events.includes(event.type)) {
		return { accepted: false, reason: `event type ${event.type} is not selected` };
	}
	const countryCode = settings.options.defaultCountryCode?.trim() ?? '';
	const rejection = filterRejection(event, settings.filters, countryCode);
	if (rejection !== undefined) return { accepted: false, reason: rejection };

	const item: IDataObject = { ...event };
	if (countryCode !== '' && 'phone' in event) item.phone = toE164(event.phone, countryCode);
	if (settings.options.includeRaw && raw !== undefined) item.raw = raw;
	return { accepted: true, item };
}

/** The trigger's output arrays: one output, or one per event type in `EVENT_TYPES` order. */
export function routeToOutputs(type: EventType, item: IDataObject, mode: OutputMode): INodeExecutionData[][] {
	const data: INodeExecutionData = { json: item };
	if (mode === 'single') return [[data]];
	return EVENT_TYPES.map((outputType) => (outputType === type ? [data] : []));
}

/** The outputs of per-type mode, in `EVENT_TYPES` order. */
export const PER_TYPE_OUTPUT_NAMES = EVENT_TYPES.map((type) => EVENT_TYPE_LABELS[type]);

/** Answers the request now and starts no execution. */
export function respondWithoutExecution(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** Removes the given keys from a decoded body, for the `raw` field. */
export function omitKeys(body: BodyRecord, keys: string[]): BodyRecord {
	return Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)));
}
