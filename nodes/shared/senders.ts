/**
 * What kind of sender an event came from, and sender numbers in a comparable form.
 *
 * Banks, carriers and other services text from short codes (`2936`) or alphanumeric
 * names (`GCASH`). They are machines: answering them wastes money at best and starts an
 * endless exchange with an auto-responder at worst (gateway-facts.md, auto-reply hazards).
 */

/** Longest number treated as a short code. Real short codes have 3 to 6 digits. */
const MAX_SHORT_CODE_DIGITS = 6;
/** Spaces, dashes, dots and parentheses people put into phone numbers. */
const NUMBER_PUNCTUATION = /[\s\-().]/g;

export function isAlphanumericSender(phone: string): boolean {
	return /[a-z]/i.test(phone);
}

export function isShortCode(phone: string): boolean {
	const compact = phone.replace(NUMBER_PUNCTUATION, '');
	return /^\d+$/.test(compact) && compact.length <= MAX_SHORT_CODE_DIGITS;
}

/** A sender that is a service rather than a person: short code or alphanumeric name. */
export function isMachineSender(phone: string): boolean {
	return isAlphanumericSender(phone) || isShortCode(phone);
}

/**
 * A phone number in E.164 form (`+639171234567`) where it can be derived, using
 * `defaultCountryCode` (digits, e.g. `63`) for numbers written nationally.
 *
 * - `+…` is kept; `00…` (international prefix) becomes `+…`;
 * - `0…` (national trunk prefix) becomes `+<country><rest>`;
 * - other digit strings get `+<country>` unless they already start with it and are long
 *   enough to be international (more than 10 digits);
 * - short codes, alphanumeric senders and anything else are returned unchanged.
 */
export function toE164(phone: string, defaultCountryCode: string): string {
	if (isMachineSender(phone)) return phone;
	const compact = phone.replace(NUMBER_PUNCTUATION, '');
	const country = defaultCountryCode.replace(/\D/g, '');
	if (/^\+\d+$/.test(compact)) return compact;
	if (!/^\d+$/.test(compact) || country === '') return phone;
	if (compact.startsWith('00')) return `+${compact.slice(2)}`;
	if (compact.startsWith('0')) return `+${country}${compact.slice(1)}`;
	if (compact.startsWith(country) && compact.length > 10) return `+${compact}`;
	return `+${country}${compact}`;
}

/** A number reduced to what matters for comparing two spellings of it. */
export function comparableNumber(phone: string, defaultCountryCode = ''): string {
	const normalized = defaultCountryCode ? toE164(phone, defaultCountryCode) : phone;
	return normalized.replace(NUMBER_PUNCTUATION, '').toLowerCase();
}
