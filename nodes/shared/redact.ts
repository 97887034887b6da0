/**
 * Removes secrets from text that is about to leave the node: error messages, server
 * replies, log lines. Libraries sometimes echo what they were given (a URL with a
 * password in it, an AUTH PLAIN line in base64), so every secret is also looked for in
 * the base64 forms an SMTP or HTTP exchange would carry it in.
 */

export const REDACTED = '[redacted]';

/** `text` with every non-empty secret, and its base64 forms, replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let result = text;
	for (const secret of secrets) {
		if (secret === undefined || secret === '') continue;
		for (const form of secretForms(secret)) result = result.split(form).join(REDACTED);
	}
	return result;
}

function secretForms(secret: string): string[] {
	const base64 = Buffer.from(secret, 'utf8').toString('base64');
	// Longest first, so that a form containing another is replaced whole.
	return [base64, base64.replace(/=+$/, ''), secret].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}
