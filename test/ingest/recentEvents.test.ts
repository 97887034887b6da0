/** The retry memory's window, bound and ids, with the clock passed in. */
import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import { ProcessMemory, admitEvent, chooseId } from '../../nodes/SmsGatewayIngest/recentEvents';

const DAY = 24 * 3600;
const settings = { windowSeconds: DAY, maxRemembered: 100 };
const T0 = 1_750_000_000;

/** The stored form of a retry key (96 bits of its SHA-256, base64). */
const hashOf = (retryKey: string) => createHash('sha256').update(retryKey).digest('base64').slice(0, 16);

describe('window', () => {
	test('a retry inside the window is a duplicate with the original id; after it, the event is new again', () => {
		const memory = new ProcessMemory();
		const staticData: IDataObject = {};
		const first = admitEvent(memory, staticData, 'phone|42', T0, settings, T0);
		expect(admitEvent(memory, staticData, 'phone|42', T0, settings, T0 + DAY - 1)).toEqual({ duplicate: true, id: first.id });
		expect(admitEvent(memory, staticData, 'phone|42', T0, settings, T0 + DAY + 1).duplicate).toBe(false);
	});

	test('events without a retry key are never duplicates and get different ids', () => {
		const memory = new ProcessMemory();
		const a = admitEvent(memory, {}, undefined, T0, settings, T0);
		const b = admitEvent(memory, {}, undefined, T0, settings, T0);
		expect([a.duplicate, b.duplicate]).toEqual([false, false]);
		expect(a.id).not.toBe(b.id);
	});
});

describe('bound', () => {
	test('beyond the bound the oldest are forgotten first, in memory and in static data', () => {
		const memory = new ProcessMemory();
		const staticData: IDataObject = {};
		const ids = Array.from({ length: 101 }, (_, n) => admitEvent(memory, staticData, `key-${n}`, T0, settings, T0 + n).id);
		const persisted = (staticData.recentEvents as { entries: unknown[] }).entries;
		expect(persisted).toHaveLength(3 * 100); // key, id, seenAt each
		expect(memory.size).toBe(100);
		expect(admitEvent(memory, staticData, 'key-100', T0, settings, T0 + 101)).toEqual({ duplicate: true, id: ids[100] });
		expect(admitEvent(memory, staticData, 'key-1', T0, settings, T0 + 101)).toEqual({ duplicate: true, id: ids[1] });
		// key-0 was the oldest: forgotten, so it is taken in again (and key-1 is pushed out).
		expect(admitEvent(memory, staticData, 'key-0', T0, settings, T0 + 102).duplicate).toBe(false);
	});

	test('entries another process remembered longer ago are forgotten first, though merged after newer ones', () => {
		// Process B took in 50 events before process A took in its 50; A then reads B's static data.
		const small = { windowSeconds: DAY, maxRemembered: 60 };
		const fromB: IDataObject = {};
		const memoryB = new ProcessMemory();
		for (let n = 0; n < 50; n++) admitEvent(memoryB, fromB, `b-${n}`, T0, small, T0 + n);
		const memoryA = new ProcessMemory();
		const staticA: IDataObject = {};
		const idsA = Array.from({ length: 50 }, (_, n) => admitEvent(memoryA, staticA, `a-${n}`, T0, small, T0 + 100 + n).id);
		// A's next event merges B's 50 (older than A's own): 101 entries, bound 60, so B's 41
		// oldest go, not A's.
		const merged: IDataObject = { recentEvents: fromB.recentEvents };
		admitEvent(memoryA, merged, 'a-new', T0, small, T0 + 200);
		expect(memoryA.size).toBe(60);
		for (let n = 0; n < 41; n++) expect(memoryA.get(hashOf(`b-${n}`))).toBeUndefined();
		for (let n = 41; n < 50; n++) expect(memoryA.get(hashOf(`b-${n}`))).toBeDefined();
		expect(Array.from({ length: 50 }, (_, n) => memoryA.get(hashOf(`a-${n}`))?.id)).toEqual(idsA);
		// The static data it writes is oldest first too.
		const seen = (merged.recentEvents as { entries: unknown[] }).entries.filter((_, index) => index % 3 === 2);
		expect(seen).toEqual([...(seen as number[])].sort((x, y) => x - y));
	});

	test('entries older than the window are forgotten even when newer ones were merged before them', () => {
		const memory = new ProcessMemory();
		const other = new ProcessMemory();
		const otherData: IDataObject = {};
		admitEvent(other, otherData, 'new-elsewhere', T0, settings, T0 + DAY);
		const staticData: IDataObject = {};
		admitEvent(memory, staticData, 'old-here', T0, settings, T0);
		admitEvent(memory, { recentEvents: otherData.recentEvents }, 'later', T0, settings, T0 + DAY - 10);
		expect(memory.size).toBe(3);
		admitEvent(memory, {}, 'after-window', T0, settings, T0 + DAY + 5);
		expect(memory.get(hashOf('old-here'))).toBeUndefined();
		expect(memory.get(hashOf('new-elsewhere'))).toBeDefined();
		expect(memory.get(hashOf('later'))).toBeDefined();
	});

	test('static data holds hashed keys only: no sender or text of an event', () => {
		const staticData: IDataObject = {};
		admitEvent(new ProcessMemory(), staticData, 'incomingSmsToUrl|Shop|+15551234567 secret code 4411', T0, settings, T0);
		expect(JSON.stringify(staticData)).not.toMatch(/15551234567|4411|Shop/);
	});
});

describe('ids', () => {
	test('positive, safe integers from the first second of 2020 to the year 2150', () => {
		for (const seconds of [0, 1_577_836_800, T0, 5_000_000_000, Number.MAX_SAFE_INTEGER]) {
			const id = chooseId('k', seconds, () => false);
			expect(Number.isSafeInteger(id)).toBe(true);
			expect(id).toBeGreaterThan(0);
		}
	});

	test('ordered by event time', () => {
		expect(chooseId('zzz', T0 + 1, () => false)).toBeGreaterThan(chooseId('aaa', T0, () => false));
	});

	test('the same key and second give the same id (a retry keeps its id even if it was not remembered)', () => {
		expect(chooseId('phone|42', T0, () => false)).toBe(chooseId('phone|42', T0, () => false));
	});

	test('a clash with a remembered id moves to the next free one', () => {
		const preferred = chooseId('k', T0, () => false);
		expect(chooseId('k', T0, (id) => id === preferred)).toBe(preferred + 1);
	});
});
