/**
 * Whether an incoming SMS or WhatsApp chat gets an auto-reply, and what the reply
 * remembers. Pure: the clock (`now`) and the memory are passed in, so every protection is
 * tested without n8n. The hazards these guard against are real (gateway-facts.md):
 * two auto-responders answering each other forever, replies to banks' short codes,
 * texting people who said STOP.
 */
import type { ConversationEvent } from '../../shared/events';
import { comparableNumber, isMachineSender } from '../../shared/senders';
import { isQuietTime, type QuietHours } from './quietHours';

export interface ReplyProtections {
	/** No reply to short codes (`2936`) and alphanumeric senders (`GCASH`). */
	skipMachineSenders: boolean;
	/** At most `maxReplies` replies per sender per window. */
	limitReplies: boolean;
	maxReplies: number;
	/** The window of the reply limit and of the repeated-text check. */
	windowMinutes: number;
	/** STOP and friends opt a sender out, START and UNSTOP back in. */
	honorStopKeywords: boolean;
	/** Never the same reply text to the same sender twice in a row within the window. */
	skipRepeatedText: boolean;
	/** No replies in this daily range; undefined means none. */
	quietHours?: QuietHours;
}

export const DEFAULT_PROTECTIONS: ReplyProtections = {
	skipMachineSenders: true,
	limitReplies: true,
	maxReplies: 1,
	windowMinutes: 10,
	honorStopKeywords: true,
	skipRepeatedText: true,
};

/** Single-word opt-out and opt-in keywords (CTIA/carrier practice). */
export const STOP_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const START_KEYWORDS = ['START', 'UNSTOP'] as const;

export type SkipReason = 'machineSender' | 'optedOut' | 'stopKeyword' | 'quietHours' | 'noReplyText' | 'rateLimit' | 'repeatedText';

export type ReplyDecision =
	| { action: 'reply'; text: string }
	| { action: 'skip'; reason: SkipReason; detail: string };

interface SenderMemory {
	/** Unix ms of the replies sent inside the current window. */
	replies: number[];
	lastText?: string;
	lastReplyAt?: number;
	optedOut?: boolean;
	/** Last time anything about this sender was recorded, for eviction. */
	seenAt: number;
}

/** What the policy remembers across executions (kept in the node's static data). */
export interface ReplyMemory {
	senders: Record<string, SenderMemory>;
}

/** Most senders remembered; beyond it the longest-unseen go first, opted-out senders last. */
export const MAX_REMEMBERED_SENDERS = 10_000;

export function emptyMemory(): ReplyMemory {
	return { senders: {} };
}

/**
 * A plain copy of stored memory, or empty memory when the stored value is not one. Copied
 * field by field (not through JSON): it runs on every item and holds up to 10,000 senders.
 */
export function readMemory(stored: unknown): ReplyMemory {
	if (typeof stored !== 'object' || stored === null) return emptyMemory();
	const storedSenders = (stored as Partial<ReplyMemory>).senders;
	if (typeof storedSenders !== 'object' || storedSenders === null || Array.isArray(storedSenders)) return emptyMemory();
	const senders: Record<string, SenderMemory> = {};
	for (const key of Object.keys(storedSenders)) {
		const entry = storedSenders[key];
		if (typeof entry !== 'object' || entry === null) continue;
		const copy: SenderMemory = { replies: Array.isArray(entry.replies) ? entry.replies.slice() : [], seenAt: entry.seenAt };
		if (entry.lastText !== undefined) copy.lastText = entry.lastText;
		if (entry.lastReplyAt !== undefined) copy.lastReplyAt = entry.lastReplyAt;
		if (entry.optedOut !== undefined) copy.optedOut = entry.optedOut;
		senders[key] = copy;
	}
	return { senders };
}

function senderKey(event: ConversationEvent): string {
	return `${event.type}:${comparableNumber(event.phone)}`;
}

function senderMemory(memory: ReplyMemory, event: ConversationEvent, now: number): SenderMemory {
	const key = senderKey(event);
	const existing = memory.senders[key];
	const entry = existing ?? { replies: [] };
	entry.seenAt = now;
	memory.senders[key] = entry;
	return entry;
}

function keywordOf(text: string): string {
	// "Stop", "STOP." and " stop! " are the single word STOP.
	return text.trim().replace(/[.!]+$/, '').toUpperCase();
}

export interface ReplyInput {
	event: ConversationEvent;
	protections: ReplyProtections;
	memory: ReplyMemory;
	now: number;
	/** The reply text for this event (rules or an expression), asked for only when needed. */
	replyText: () => string | undefined;
}

/**
 * Decides about one event. Records opt-outs and opt-ins in `memory`; a reply that is
 * then sent is recorded with `recordReply`.
 */
export function decideReply({ event, protections, memory, now, replyText }: ReplyInput): ReplyDecision {
	const p = protections;
	const windowMs = p.windowMinutes * 60_000;
	forgetOld(memory, now, windowMs);

	if (p.skipMachineSenders && isMachineSender(event.phone)) {
		return skip('machineSender', `${event.phone} is a short code or alphanumeric sender (a service, not a person)`);
	}
	if (p.honorStopKeywords) {
		const keyword = keywordOf(event.message);
		if ((STOP_KEYWORDS as readonly string[]).includes(keyword)) {
			senderMemory(memory, event, now).optedOut = true;
			return skip('stopKeyword', `${event.phone} sent ${keyword} and is opted out until they send START`);
		}
		if ((START_KEYWORDS as readonly string[]).includes(keyword)) {
			senderMemory(memory, event, now).optedOut = false;
		}
		if (memory.senders[senderKey(event)]?.optedOut) {
			return skip('optedOut', `${event.phone} opted out with a STOP keyword`);
		}
	}
	if (p.quietHours && isQuietTime(new Date(now), p.quietHours)) {
		return skip('quietHours', `quiet hours ${p.quietHours.start}–${p.quietHours.end} (${p.quietHours.timeZone})`);
	}

	const text = replyText();
	if (text === undefined || text.trim() === '') {
		return skip('noReplyText', 'no rule matched and there is no default reply');
	}

	const previous = memory.senders[senderKey(event)];
	const recent = previous?.replies.filter((at) => now - at < windowMs) ?? [];
	if (p.limitReplies && recent.length >= p.maxReplies) {
		return skip(
			'rateLimit',
			`${recent.length} repl${recent.length === 1 ? 'y' : 'ies'} to ${event.phone} in the last ${p.windowMinutes} minutes (limit ${p.maxReplies})`,
		);
	}
	if (
		p.skipRepeatedText &&
		previous?.lastText === text &&
		previous.lastReplyAt !== undefined &&
		now - previous.lastReplyAt < windowMs
	) {
		return skip('repeatedText', `the same reply was sent to ${event.phone} less than ${p.windowMinutes} minutes ago`);
	}
	return { action: 'reply', text };
}

/** Remembers a reply that was sent (or may have been: a lost answer still counts). */
export function recordReply(memory: ReplyMemory, event: ConversationEvent, text: string, now: number): void {
	const entry = senderMemory(memory, event, now);
	entry.replies.push(now);
	entry.lastText = text;
	entry.lastReplyAt = now;
}

function skip(reason: SkipReason, detail: string): ReplyDecision {
	return { action: 'skip', reason, detail };
}

/**
 * Drops what no longer matters (replies older than the window, senders with nothing left
 * to remember) and keeps the memory bounded.
 */
function forgetOld(memory: ReplyMemory, now: number, windowMs: number): void {
	for (const key of Object.keys(memory.senders)) {
		const entry = memory.senders[key];
		// Replies are recorded oldest first: nothing to drop while the oldest is recent.
		if (entry.replies.length > 0 && now - entry.replies[0] >= windowMs) {
			entry.replies = entry.replies.filter((at) => now - at < windowMs);
		}
		const repliedRecently = entry.lastReplyAt !== undefined && now - entry.lastReplyAt < windowMs;
		if (!repliedRecently) {
			delete entry.lastText;
			delete entry.lastReplyAt;
		}
		if (entry.replies.length === 0 && !repliedRecently && !entry.optedOut) delete memory.senders[key];
	}
	const keys = Object.keys(memory.senders);
	if (keys.length <= MAX_REMEMBERED_SENDERS) return;
	const evictionOrder = keys.sort((a, b) => {
		const left = memory.senders[a];
		const right = memory.senders[b];
		if (Boolean(left.optedOut) !== Boolean(right.optedOut)) return left.optedOut ? 1 : -1;
		return left.seenAt - right.seenAt;
	});
	for (const key of evictionOrder.slice(0, keys.length - MAX_REMEMBERED_SENDERS)) delete memory.senders[key];
}
