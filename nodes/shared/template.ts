/**
 * `{{field}}` placeholders over an item, for texts a user writes once and the pack fills
 * per item: email subjects and bodies, reply texts.
 *
 * A placeholder names a field of the item (`{{phone}}`) or a path into it
 * (`{{data.phone}}`); a missing field renders as nothing. Substitution is one pass: a value
 * that itself contains `{{…}}` (SMS text is written by strangers) is never expanded again.
 * Only the item's own fields are reachable, never `constructor` or other inherited names.
 */
import { isRecord } from './body';

const PLACEHOLDER = /\{\{\s*([\w$-]+(?:\.[\w$-]+)*)\s*\}\}/g;

/** Turns a substituted value into output text, e.g. HTML-escaping it. */
export type TextEncoder = (text: string) => string;

const asIs: TextEncoder = (text) => text;

/** `template` with each `{{path}}` replaced by the encoded value at `path` in `values`. */
export function renderTemplate(template: string, values: Record<string, unknown>, encode: TextEncoder = asIs): string {
	return template.replace(PLACEHOLDER, (_placeholder, path: string) => encode(displayValue(valueAt(values, path))));
}

/** The value at a dotted path of own fields, or `undefined`. */
export function valueAt(values: Record<string, unknown>, path: string): unknown {
	let value: unknown = values;
	for (const segment of path.split('.')) {
		if (!isRecord(value) || !Object.hasOwn(value, segment)) return undefined;
		value = value[segment];
	}
	return value;
}

/** How a field value reads in text: strings as they are, nothing for null, JSON for objects. */
export function displayValue(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	return JSON.stringify(value) ?? '';
}
