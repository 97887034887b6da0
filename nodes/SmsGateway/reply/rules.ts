/**
 * Reply rules: the first rule whose pattern matches the incoming text gives the reply;
 * without a match, the default reply (if any). Pure, so that it is tested without n8n.
 */

export const MATCH_KINDS = ['contains', 'exact', 'startsWith', 'regex'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface ReplyRule {
	match: MatchKind;
	pattern: string;
	reply: string;
}

export interface RuleOptions {
	caseInsensitive: boolean;
	/** Sent when no rule matches; empty means no reply. */
	defaultReply: string;
}

export type RuleChoice =
	| { matched: true; text: string; rule: number | 'default' }
	| { matched: false };

/** A rule that cannot be used as written; `rule` counts from 1, as a user reads the list. */
export class ReplyRuleError extends Error {
	constructor(
		readonly rule: number,
		problem: string,
	) {
		super(`Rule ${rule} ${problem}`);
		this.name = 'ReplyRuleError';
	}
}

/** Checks every rule up front, so that a bad regex fails the first item, not a rare one. */
export function validateRules(rules: ReplyRule[]): void {
	rules.forEach((rule, index) => {
		if (!MATCH_KINDS.includes(rule.match)) throw new ReplyRuleError(index + 1, `has an unknown match kind "${rule.match}"`);
		if (rule.pattern === '') throw new ReplyRuleError(index + 1, 'has an empty pattern');
		if (rule.match === 'regex') compile(rule, index + 1, false);
	});
}

export function chooseReply(text: string, rules: ReplyRule[], options: RuleOptions): RuleChoice {
	const fold = (value: string) => (options.caseInsensitive ? value.toLocaleLowerCase() : value);
	const incoming = fold(text.trim());
	for (const [index, rule] of rules.entries()) {
		if (matches(incoming, text, rule, index + 1, options.caseInsensitive, fold)) {
			return { matched: true, text: rule.reply, rule: index + 1 };
		}
	}
	if (options.defaultReply !== '') return { matched: true, text: options.defaultReply, rule: 'default' };
	return { matched: false };
}

function matches(
	incoming: string,
	original: string,
	rule: ReplyRule,
	number: number,
	caseInsensitive: boolean,
	fold: (value: string) => string,
): boolean {
	const pattern = fold(rule.pattern.trim());
	switch (rule.match) {
		case 'contains':
			return incoming.includes(pattern);
		case 'exact':
			return incoming === pattern;
		case 'startsWith':
			return incoming.startsWith(pattern);
		case 'regex':
			return compile(rule, number, caseInsensitive).test(original);
	}
}

function compile(rule: ReplyRule, number: number, caseInsensitive: boolean): RegExp {
	const compiled = tryRegExp(rule.pattern, caseInsensitive ? 'iu' : 'u');
	if (typeof compiled === 'string') throw new ReplyRuleError(number, `has an invalid regular expression: ${compiled}`);
	return compiled;
}

/** The expression, or the reason it is not one. */
function tryRegExp(pattern: string, flags: string): RegExp | string {
	try {
		return new RegExp(pattern, flags);
	} catch (error) {
		return (error as Error).message;
	}
}
