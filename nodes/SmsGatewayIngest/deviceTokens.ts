/**
 * Device authentication for direct posts: every phone holds a token from the
 * `SMS Gateway Device` credential and sends it with each request. The gateway apps can
 * set a header (forwarders, custom apps) or only a URL (SMSGate webhooks), so the token
 * is read from `Authorization: Bearer`, `X-Device-Token` or the `token` query parameter.
 */
import { splitList } from '../shared/eventFilters';
import { secretsMatch } from '../shared/secrets';
import { headerValue } from '../shared/signatures';

export interface DeviceToken {
	token: string;
	/** The name the credential gives the device; used as `device` when a format has none. */
	device: string;
}

/** Tokens shorter than this are guessable; the credential test refuses them. */
export const MIN_TOKEN_LENGTH = 12;

/**
 * Parses the credential's list: entries separated by commas or new lines, each `token`
 * or `token:Device name`. A token without a name is called `device-<position>`.
 */
export function parseDeviceTokens(list: string | undefined): DeviceToken[] {
	return splitList(list).map((entry, index) => {
		const separator = entry.indexOf(':');
		const token = (separator < 0 ? entry : entry.slice(0, separator)).trim();
		const name = separator < 0 ? '' : entry.slice(separator + 1).trim();
		return { token, device: name === '' ? `device-${index + 1}` : name };
	});
}

/** Problems with a token list, worded for the credential test; empty when it is usable. */
export function deviceTokenProblems(tokens: DeviceToken[]): string[] {
	if (tokens.length === 0) return ['Add at least one device token'];
	const problems: string[] = [];
	tokens.forEach((entry, index) => {
		if (entry.token.length < MIN_TOKEN_LENGTH) {
			problems.push(`Token ${index + 1} is shorter than ${MIN_TOKEN_LENGTH} characters; use a long random token`);
		}
		if (/\s/.test(entry.token)) problems.push(`Token ${index + 1} contains spaces`);
	});
	const seen = new Set<string>();
	tokens.forEach((entry, index) => {
		if (seen.has(entry.token)) problems.push(`Token ${index + 1} is listed twice`);
		seen.add(entry.token);
	});
	return problems;
}

export interface TokenSources {
	headers: Record<string, unknown>;
	query: Record<string, unknown>;
}

/** The token a request carries, from the first place that has one. */
export function tokenFromRequest({ headers, query }: TokenSources): string | undefined {
	const authorization = headerValue(headers, 'authorization');
	const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
	const candidates = [bearer, headerValue(headers, 'x-device-token'), firstString(query.token)];
	return candidates.find((candidate) => candidate !== undefined && candidate !== '');
}

function firstString(value: unknown): string | undefined {
	if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
	return typeof value === 'string' ? value : undefined;
}

export type DeviceAuthentication =
	| { authenticated: true; device: DeviceToken }
	| { authenticated: false; reason: string };

/**
 * The device whose token the request carries. Every configured token is compared, in
 * constant time each, so the answer's timing does not tell which token came close.
 */
export function authenticateDevice(sources: TokenSources, tokens: DeviceToken[]): DeviceAuthentication {
	const given = tokenFromRequest(sources);
	if (given === undefined) {
		return {
			authenticated: false,
			reason: 'device token is missing (send Authorization: Bearer, X-Device-Token or ?token=)',
		};
	}
	let match: DeviceToken | undefined;
	for (const entry of tokens) {
		if (secretsMatch(given, entry.token) && match === undefined) match = entry;
	}
	return match === undefined
		? { authenticated: false, reason: 'device token is wrong' }
		: { authenticated: true, device: match };
}
