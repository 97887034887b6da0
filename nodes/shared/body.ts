/**
 * Turns whatever n8n hands a webhook node into one plain record.
 *
 * The platform posts form-encoded bodies, which n8n parses with Node's `querystring`:
 * the node sees flat keys (`"data[id]": "2"`) and string values. Other senders post
 * JSON. A request without a content type may leave n8n's parsed body empty, with only
 * `rawBody` to go on. All three end up as the same nested record here.
 */
import { EventValidationError, parseJsonOrUndefined } from './validation';

/** Keys that would reach `Object.prototype` if a body were ever merged into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;

export type BodyRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is BodyRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/**
 * The request body as one nested record.
 *
 * @param parsedBody what n8n parsed (`this.getBodyData()`), possibly empty
 * @param rawBody the bytes as received (`req.rawBody`), used when n8n parsed nothing
 */
export function decodeBody(parsedBody: unknown, rawBody?: Buffer | string): BodyRecord {
	const body = isRecord(parsedBody) && Object.keys(parsedBody).length > 0 ? parsedBody : decodeRaw(rawBody);
	return expandBracketKeys(multipartFields(body));
}

/**
 * n8n hands a multipart/form-data body over as `{ data: <fields>, files }` (its formidable
 * parser); the fields are what a form-encoded body would have carried.
 */
function multipartFields(body: BodyRecord): BodyRecord {
	const keys = Object.keys(body);
	const isMultipart = keys.length === 2 && keys.includes('files') && isRecord(body.data) && isRecord(body.files);
	return isMultipart ? (body.data as BodyRecord) : body;
}

function decodeRaw(rawBody: Buffer | string | undefined): BodyRecord {
	const text = (Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : (rawBody ?? '')).trim();
	if (text === '') return {};
	if (text.startsWith('{')) {
		const parsed = parseJsonOrUndefined(text);
		if (parsed === undefined) throw new EventValidationError('body', 'is not valid JSON');
		if (!isRecord(parsed)) throw new EventValidationError('body', 'must be a JSON object');
		return parsed;
	}
	if (text.startsWith('[')) throw new EventValidationError('body', 'must be a JSON object, not a list');
	if (!text.includes('=')) throw new EventValidationError('body', 'is neither JSON nor form-encoded');
	return decodeForm(text);
}

/** Form decoding the way n8n does it (`querystring`): repeated keys become lists. */
function decodeForm(text: string): BodyRecord {
	const record: BodyRecord = {};
	for (const [key, value] of new URLSearchParams(text)) {
		const existing = record[key];
		if (existing === undefined) record[key] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else record[key] = [existing, value];
	}
	return record;
}

/**
 * Rebuilds nested objects from PHP-style form keys: `data[id]` → `data.id`.
 * Keys that are not of that form stay as they are. Forbidden keys anywhere are an error,
 * so that no later merge of the record can pollute prototypes.
 * Runs on every webhook request: plain keys take a fast path without a regular expression.
 */
export function expandBracketKeys(body: BodyRecord): BodyRecord {
	const result: BodyRecord = {};
	for (const key of Object.keys(body)) {
		const value = body[key];
		const path = bracketPath(key) ?? [key];
		for (const segment of path) assertAllowedName(segment, path);
		if (isRecord(value)) assertAllowedTree(value, path.join('.'), path.length);
		setPath(result, path, value, key);
	}
	return result;
}

/** `data[id]` → `['data', 'id']`; `undefined` for keys not of the form `name[a][b]…`. */
function bracketPath(key: string): string[] | undefined {
	const open = key.indexOf('[');
	if (open <= 0 || !key.endsWith(']')) return undefined;
	const head = key.slice(0, open);
	if (head.includes(']')) return undefined;
	const inner = key.slice(open + 1, -1);
	// The platform's keys are all one level deep (`data[id]`): no split needed.
	if (inner !== '' && !inner.includes('[') && !inner.includes(']')) return [head, inner];
	const segments = inner.split('][');
	for (const segment of segments) {
		if (segment === '' || segment.includes('[') || segment.includes(']')) return undefined;
	}
	segments.unshift(head);
	return segments;
}

function assertAllowedName(name: string, path: string[]): void {
	if (FORBIDDEN_KEYS.has(name)) throw new EventValidationError(path.join('.'), 'is not an allowed field name');
}

function assertAllowedTree(tree: BodyRecord, treePath: string, depth: number): void {
	if (depth > MAX_DEPTH) throw new EventValidationError(treePath.split('.')[0], 'is nested too deeply');
	for (const key of Object.keys(tree)) {
		if (FORBIDDEN_KEYS.has(key)) throw new EventValidationError(`${treePath}.${key}`, 'is not an allowed field name');
		const child = tree[key];
		if (isRecord(child)) assertAllowedTree(child, `${treePath}.${key}`, depth + 1);
	}
}

function setPath(target: BodyRecord, path: string[], value: unknown, originalKey: string): void {
	let node = target;
	for (let i = 0; i < path.length - 1; i++) {
		const segment = path[i];
		const next = node[segment];
		if (next === undefined) {
			const created: BodyRecord = {};
			node[segment] = created;
			node = created;
		} else if (isRecord(next)) {
			node = next;
		} else {
			throw new EventValidationError(segment, `is given both as a value and as fields (${originalKey})`);
		}
	}
	const last = path[path.length - 1];
	if (node[last] !== undefined) {
		throw new EventValidationError(path.join('.'), 'is given more than once');
	}
	node[last] = value;
}
