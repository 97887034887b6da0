/**
 * Quiet hours: a daily time range in a chosen time zone during which no auto-reply is
 * sent (marketing texts are expected between about 8 am and 9 pm recipient time). Uses
 * the platform's Intl time zone data, so no date library is needed.
 */

export interface QuietHours {
	/** `HH:MM`, 24-hour, when the quiet time starts. */
	start: string;
	/** `HH:MM` when it ends; earlier than `start` means it spans midnight. */
	end: string;
	/** IANA time zone, e.g. `America/New_York`. */
	timeZone: string;
}

export class QuietHoursError extends Error {
	constructor(
		readonly field: 'start' | 'end' | 'timeZone',
		problem: string,
	) {
		super(`Quiet hours ${field === 'timeZone' ? 'time zone' : field} ${problem}`);
		this.name = 'QuietHoursError';
	}
}

function minutesOf(time: string, field: 'start' | 'end'): number {
	const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
	if (!match) throw new QuietHoursError(field, `must be a time like 21:00 (got "${time}")`);
	return Number(match[1]) * 60 + Number(match[2]);
}

function clockIn(timeZone: string): Intl.DateTimeFormat | undefined {
	try {
		return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
	} catch {
		return undefined; // RangeError: not an IANA time zone
	}
}

/** Minutes since midnight at `now` in `timeZone`. */
function localMinutes(now: Date, timeZone: string): number {
	const format = clockIn(timeZone);
	if (!format) throw new QuietHoursError('timeZone', `is not a known time zone (got "${timeZone}")`);
	const parts = format.formatToParts(now);
	const read = (type: 'hour' | 'minute') => Number(parts.find((part) => part.type === type)?.value ?? 0);
	return read('hour') * 60 + read('minute');
}

/** Checks the settings without a clock, for an error before anything is sent. */
export function validateQuietHours(quiet: QuietHours): void {
	minutesOf(quiet.start, 'start');
	minutesOf(quiet.end, 'end');
	localMinutes(new Date(0), quiet.timeZone);
}

/** Whether `now` falls in the quiet time; equal start and end mean no quiet time. */
export function isQuietTime(now: Date, quiet: QuietHours): boolean {
	const start = minutesOf(quiet.start, 'start');
	const end = minutesOf(quiet.end, 'end');
	const current = localMinutes(now, quiet.timeZone);
	if (start === end) return false;
	return start < end ? current >= start && current < end : current >= start || current < end;
}
