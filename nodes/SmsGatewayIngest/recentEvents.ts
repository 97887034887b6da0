/**
 * Remembers the events a trigger has taken in, to drop device retries and to give every
 * event an id.
 *
 * Where the memory lives, and what that guarantees:
 * - n8n persists `getWorkflowStaticData('node')` for active workflows, but every webhook
 *   request works on its own copy loaded from the database and saves it back afterwards:
 *   of two concurrent requests the last save wins and the other's entry is lost.
 * - So each process also keeps the entries in memory (`ProcessMemory`). Lookup, id choice
 *   and recording happen in one synchronous step, so concurrent requests in one process
 *   cannot interleave, and each request writes the whole remembered set back to static
 *   data, restoring entries that a concurrent save dropped.
 * - Guaranteed in one n8n process (regular mode): a retry within the window is answered
 *   with the original id and starts nothing, and no two remembered events share an id.
 * - Across processes (queue mode with several webhook processes, or after a restart)
 *   static data is the only shared memory: retries that arrive after the original's save
 *   are still caught; a retry racing its original on another process, or an entry lost to
 *   a concurrent save there, can start a second execution. Because ids are derived from
 *   the event's own timestamp and retry key, that second execution carries the same id.
 * - n8n 2.40.7 (not 2.8.4) saves none of this for accepted events once the workflow has
 *   any saved static data: before its response callback saves, `WorkflowRunner.run`
 *   (`establishContextForPersistence`) builds a second Workflow over the same static data
 *   object, and `ObservableObject.create` resets its `__dataChanged` to false. Nothing a
 *   node can do in `webhook()` survives that; there only this process's memory holds.
 *
 * Ids: `(event second − 2020-01-01) · 2²¹ + slot + 1`, the slot taken from a hash of the
 * retry key (random for events without one) and moved to the next free slot on a clash
 * with a remembered id. Positive, below 2⁵³, ordered by event time.
 */
import { createHash, randomUUID } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

const EPOCH_SECONDS = 1_577_836_800; // 2020-01-01T00:00:00Z
const SLOT_BITS = 21;
const SLOTS = 2 ** SLOT_BITS;
/** Keeps `seconds · SLOTS + SLOTS` at most 2⁵³ − 2²¹: about 136 years after 2020. */
const MAX_SECONDS = 2 ** (53 - SLOT_BITS) - 2;

export const DEFAULT_WINDOW_HOURS = 24;
export const DEFAULT_MAX_REMEMBERED = 10_000;
export const MAX_WINDOW_HOURS = 24 * 7;
export const MAX_REMEMBERED_LIMIT = 100_000;

export interface RecentEventsSettings {
	windowSeconds: number;
	maxRemembered: number;
}

interface Entry {
	id: number;
	/** When the event was first taken in, unix seconds. */
	seenAt: number;
}

/**
 * Static data shape: a flat list `key, id, seenAt, key, id, seenAt, …`, oldest first
 * (n8n stores and saves the whole object after every new event, so it is kept small),
 * and which process memory wrote it.
 */
interface PersistedRecentEvents {
	version: 2;
	writer: string;
	entries: Array<string | number>;
}

const STATIC_DATA_KEY = 'recentEvents';

/** One trigger's remembered events in this process. */
export class ProcessMemory {
	/** Marks the static data this memory wrote: such data holds nothing the memory lacks. */
	readonly writer = randomUUID();

	private readonly entries = new Map<string, Entry>();

	private readonly ids = new Set<number>();

	/**
	 * Whether `entries` (a Map keeps insertion order) is ordered by `seenAt`, oldest first:
	 * then pruning only looks at the oldest few. New events arrive in order; entries merged
	 * from static data may not, and are sorted in once at the next prune.
	 */
	private ordered = true;

	private newestSeen = -Infinity;

	get size(): number {
		return this.entries.size;
	}

	get(key: string): Entry | undefined {
		return this.entries.get(key);
	}

	set(key: string, entry: Entry): void {
		this.delete(key);
		if (entry.seenAt < this.newestSeen) this.ordered = false;
		else this.newestSeen = entry.seenAt;
		this.entries.set(key, entry);
		this.ids.add(entry.id);
	}

	hasId(id: number): boolean {
		return this.ids.has(id);
	}

	/**
	 * Drops entries older than the window, then the oldest beyond the bound. Runs on every
	 * request, so it stops at the first entry it keeps instead of scanning them all.
	 */
	prune(settings: RecentEventsSettings, nowSeconds: number): void {
		if (!this.ordered) this.sortBySeen();
		const cutoff = nowSeconds - settings.windowSeconds;
		for (const [key, entry] of this.entries) {
			if (entry.seenAt >= cutoff && this.entries.size <= settings.maxRemembered) break;
			this.delete(key); // deleting the entry being visited is safe in a Map's iteration
		}
	}

	/** `key, id, seenAt, …` oldest first: the static data form. */
	toFlatList(): Array<string | number> {
		const list = new Array<string | number>(this.entries.size * 3);
		let index = 0;
		this.entries.forEach((entry, key) => {
			list[index++] = key;
			list[index++] = entry.id;
			list[index++] = entry.seenAt;
		});
		return list;
	}

	/** Re-inserts the entries oldest first (stable: equal times keep their order). */
	private sortBySeen(): void {
		const sorted = [...this.entries].sort(([, a], [, b]) => a.seenAt - b.seenAt);
		this.entries.clear();
		for (const [key, entry] of sorted) this.entries.set(key, entry);
		this.ordered = true;
		this.newestSeen = sorted.length > 0 ? sorted[sorted.length - 1][1].seenAt : -Infinity;
	}

	private delete(key: string): void {
		const existing = this.entries.get(key);
		if (existing === undefined) return;
		this.entries.delete(key);
		this.ids.delete(existing.id);
	}
}

/** Per-process memories, one per trigger node (and per mode, so test posts stay apart). */
const processMemories = new Map<string, ProcessMemory>();

export function processMemoryFor(scope: string): ProcessMemory {
	let memory = processMemories.get(scope);
	if (memory === undefined) {
		memory = new ProcessMemory();
		processMemories.set(scope, memory);
	}
	return memory;
}

/** Forgets this process's memories, as a restart would (tests simulate other processes with it). */
export function forgetProcessMemories(): void {
	processMemories.clear();
}

export type Admission = { duplicate: true; id: number } | { duplicate: false; id: number };

/**
 * Looks `retryKey` up and, if it is new, records it with a fresh id, all in one
 * synchronous step. Events without a retry key are never duplicates.
 *
 * @param staticData the node's static data (read and written here)
 * @param eventSeconds the event's own timestamp, the time part of its id
 */
export function admitEvent(
	memory: ProcessMemory,
	staticData: IDataObject,
	retryKey: string | undefined,
	eventSeconds: number,
	settings: RecentEventsSettings,
	nowSeconds: number,
): Admission {
	mergePersisted(memory, staticData);
	memory.prune(settings, nowSeconds);

	const key = hashKey(retryKey ?? `unique|${randomUUID()}`);
	const known = memory.get(key);
	if (known !== undefined) return { duplicate: true, id: known.id };

	const id = chooseId(key, eventSeconds, (candidate) => memory.hasId(candidate));
	memory.set(key, { id, seenAt: nowSeconds });
	memory.prune(settings, nowSeconds);
	persist(memory, staticData);
	return { duplicate: false, id };
}

/** The id for an event: time part from its timestamp, slot from its key, free of `taken`. */
export function chooseId(key: string, eventSeconds: number, taken: (id: number) => boolean): number {
	const seconds = Math.min(Math.max(Math.floor(eventSeconds) - EPOCH_SECONDS, 0), MAX_SECONDS);
	const start = createHash('sha256').update(key).digest().readUInt32BE(0) % SLOTS;
	for (let probe = 0; probe < SLOTS; probe++) {
		const id = seconds * SLOTS + ((start + probe) % SLOTS) + 1;
		if (!taken(id)) return id;
	}
	// Unreachable while fewer than 2²¹ events are remembered (the bound is far lower).
	throw new RangeError('no free event id in this second');
}

/** Keys are stored hashed: 96 bits, fixed size, and no sender numbers or texts in static data. */
function hashKey(retryKey: string): string {
	return createHash('sha256').update(retryKey).digest('base64').slice(0, 16);
}

/**
 * Adds what another process (or this one before a restart) remembered. Static data this
 * memory wrote itself is skipped: whatever it holds that the memory lacks was dropped on
 * purpose (too old, over the bound).
 */
function mergePersisted(memory: ProcessMemory, staticData: IDataObject): void {
	const persisted = staticData[STATIC_DATA_KEY] as PersistedRecentEvents | undefined;
	if (persisted?.version !== 2 || !Array.isArray(persisted.entries) || persisted.writer === memory.writer) return;
	const entries = persisted.entries;
	for (let index = 0; index + 2 < entries.length; index += 3) {
		const [key, id, seenAt] = [entries[index], entries[index + 1], entries[index + 2]];
		if (typeof key !== 'string' || !Number.isSafeInteger(id) || typeof seenAt !== 'number') continue;
		if (memory.get(key) === undefined && !memory.hasId(id as number)) memory.set(key, { id: id as number, seenAt });
	}
}

function persist(memory: ProcessMemory, staticData: IDataObject): void {
	const persisted: PersistedRecentEvents = { version: 2, writer: memory.writer, entries: memory.toFlatList() };
	staticData[STATIC_DATA_KEY] = persisted as unknown as IDataObject;
}
