/**
 * A request that cannot become an event. `field` names the offending part of the body
 * in dotted form (`data.sim`), so a webhook can answer 400 with a message a person can
 * act on. Messages never quote the secret: it is read before validation and never
 * passed here.
 */
export class EventValidationError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'EventValidationError';
	}
}

/** A short, safe rendering of a rejected value for an error message. */
export function preview(value: unknown): string {
	if (typeof value === 'string') {
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		return JSON.stringify(shown);
	}
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	return String(value);
}

export type Validated<T> = { ok: true; value: T } | { ok: false; error: EventValidationError };

/** Runs a parser and returns its validation error as a value instead of throwing it. */
export function validate<T>(parse: () => T): Validated<T> {
	try {
		return { ok: true, value: parse() };
	} catch (error) {
		if (error instanceof EventValidationError) return { ok: false, error };
		// Anything else is a bug in the parser, not a bad request: let it surface as itself.
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw error;
	}
}

/** `JSON.parse`, answering `undefined` for text that is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}
