/**
 * The optional filters of the event triggers. A filter restricts only the event types
 * that carry its field: a device filter leaves WhatsApp chats (which have no device)
 * alone, an app-package filter leaves SMS alone.
 */
import type { GatewayEvent } from './events';
import { comparableNumber, isMachineSender } from './senders';

export interface EventFilters {
	/** Comma-separated device ids (uuids). */
	deviceIds?: string;
	simSlot?: 'any' | '1' | '2';
	/** Comma-separated sender numbers. */
	senders?: string;
	skipMachineSenders?: boolean;
	/** Comma-separated WhatsApp account numbers (`wid`). */
	whatsappAccounts?: string;
	/** Comma-separated Android package names. */
	appPackages?: string;
}

/** Splits a comma- or newline-separated list typed by a user. */
export function splitList(list: string | undefined): string[] {
	return (list ?? '')
		.split(/[,\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/**
 * Why `event` does not pass `filters`, or `undefined` when it passes.
 * Sender numbers compare ignoring spaces and dashes, and in E.164 form when a default
 * country code is set, so `0917 123 4567` matches `+639171234567`.
 */
export function filterRejection(
	event: GatewayEvent,
	filters: EventFilters,
	defaultCountryCode = '',
): string | undefined {
	if ('device' in event) {
		const devices = splitList(filters.deviceIds);
		if (devices.length > 0 && !devices.includes(event.device)) return `device ${event.device} is not in the device filter`;
	}
	if ('sim' in event && filters.simSlot && filters.simSlot !== 'any' && String(event.sim) !== filters.simSlot) {
		return `SIM ${event.sim} is not the selected SIM slot`;
	}
	if ('phone' in event) {
		if (filters.skipMachineSenders && isMachineSender(event.phone)) {
			return `sender ${event.phone} is a short code or alphanumeric sender`;
		}
		const senders = splitList(filters.senders).map((sender) => comparableNumber(sender, defaultCountryCode));
		if (senders.length > 0 && !senders.includes(comparableNumber(event.phone, defaultCountryCode))) {
			return `sender ${event.phone} is not in the sender filter`;
		}
	}
	if (event.type === 'whatsapp') {
		const accounts = splitList(filters.whatsappAccounts).map((account) => comparableNumber(account));
		if (accounts.length > 0 && !accounts.includes(comparableNumber(event.wid))) {
			return `WhatsApp account ${event.wid} is not in the account filter`;
		}
	}
	if (event.type === 'notification') {
		const packages = splitList(filters.appPackages);
		if (packages.length > 0 && !packages.includes(event.package)) {
			return `app ${event.package} is not in the app filter`;
		}
	}
	return undefined;
}
