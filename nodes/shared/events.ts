/**
 * The event model: the four kinds of gateway event and their canonical item shape.
 *
 * Every node that receives events turns its input into a `GatewayEvent` through this
 * module, so an SMS looks the same whether it came from the hosted platform's webhook or
 * straight from a phone. Items are flat (`{{ $json.phone }}`), numbers are numbers, and
 * the shared secret is never part of an event.
 */

export const EVENT_TYPES = ['sms', 'whatsapp', 'ussd', 'notification'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
	sms: 'SMS',
	whatsapp: 'WhatsApp',
	ussd: 'USSD',
	notification: 'Notification',
};

export type SimSlot = 1 | 2;

interface EventBase {
	/** The gateway's id of the event. */
	id: number;
	/** When the device saw the event, unix seconds. */
	timestamp: number;
	/** `timestamp` as an ISO 8601 string, for date nodes and humans. */
	receivedAt: string;
}

export interface SmsEvent extends EventBase {
	type: 'sms';
	/** The device's own id of the message; the platform drops re-posts with the same rid. */
	rid: number;
	sim: SimSlot;
	device: string;
	/** The raw sender: a number, a short code (`2936`) or an alphanumeric name (`GCASH`). */
	phone: string;
	message: string;
}

export interface WhatsAppEvent extends EventBase {
	type: 'whatsapp';
	/** The number of the WhatsApp account that received the chat. */
	wid: string;
	phone: string;
	message: string;
	/** URL of an attached file; absent when the chat has none. */
	attachment?: string;
}

export interface UssdEvent extends EventBase {
	type: 'ussd';
	sim: SimSlot;
	device: string;
	code: string;
	response: string;
}

export interface NotificationEvent extends EventBase {
	type: 'notification';
	device: string;
	/** Android package of the app that posted the notification, e.g. `com.facebook.katana`. */
	package: string;
	title: string;
	content: string;
}

export type GatewayEvent = SmsEvent | WhatsAppEvent | UssdEvent | NotificationEvent;

/** Events that have a sender who could be answered. */
export type ConversationEvent = SmsEvent | WhatsAppEvent;

export function isEventType(value: unknown): value is EventType {
	return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export function isConversationEvent(event: GatewayEvent): event is ConversationEvent {
	return event.type === 'sms' || event.type === 'whatsapp';
}
