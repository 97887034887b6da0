/**
 * Event → Reply: the auto-reply. Answers an incoming SMS or WhatsApp chat (a canonical
 * event item from either trigger) through the channel it came in on, with text from an
 * expression or from rules, behind protections that are on by default. An event that
 * gets no reply is not an error: it leaves by the second output, `Skipped`, with the
 * reason.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { type ConversationEvent, type GatewayEvent, isConversationEvent } from '../../../shared/events';
import { mayHaveBeenSent } from '../../../shared/gatewayTransport';
import { eventFromData, parseEventType } from '../../../shared/parseEvent';
import { asNodeError } from '../../../shared/nodeErrors';
import { validate } from '../../../shared/validation';
import { sendSms, sendWhatsApp, whatsAppAccountOf, type SentMessage } from '../../api';
import { decideReply, readMemory, recordReply, type ReplyMemory, type ReplyProtections } from '../../reply/policy';
import { validateQuietHours } from '../../reply/quietHours';
import { chooseReply, MATCH_KINDS, validateRules, type ReplyRule } from '../../reply/rules';
import { sendOptions, timeoutMs, whatsAppAccountProperty, type CommonSendOptions } from '../common';

/** Where the reply policy keeps its memory in the node's static data. */
export const MEMORY_KEY = 'replyMemory';

interface ReplyOptions extends CommonSendOptions {
	whatsAppAccount?: string;
}

const show = (conditions: NonNullable<IDisplayOptions['show']>): IDisplayOptions => ({ show: conditions });

const properties: INodeProperties[] = [
	{
		displayName:
			'Connect this to an SMS Gateway Trigger. The reply goes back the way the event came: an SMS from the same device and SIM, a WhatsApp chat from the same account.',
		name: 'replyNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Reply With',
		name: 'replyWith',
		type: 'options',
		options: [
			{ name: 'Rules', value: 'rules', description: 'The first rule that matches the incoming text gives the reply' },
			{ name: 'Text', value: 'text', description: 'One text, e.g. an expression' },
		],
		default: 'rules',
	},
	{
		displayName: 'Reply Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Thanks, we got your message and will call you back.',
		displayOptions: show({ replyWith: ['text'] }),
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		default: {},
		displayOptions: show({ replyWith: ['rules'] }),
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'When the Message',
						name: 'match',
						type: 'options',
						options: [
							{ name: 'Contains', value: 'contains' },
							{ name: 'Is Exactly', value: 'exact' },
							{ name: 'Starts With', value: 'startsWith' },
							{ name: 'Matches Regex', value: 'regex' },
						],
						default: 'contains',
					},
					{ displayName: 'Pattern', name: 'pattern', type: 'string', default: '', placeholder: 'price' },
					{
						displayName: 'Reply',
						name: 'reply',
						type: 'string',
						default: '',
						typeOptions: { rows: 2 },
						placeholder: 'Our prices are at example.com/prices',
					},
				],
			},
		],
	},
	{
		displayName: 'Ignore Case',
		name: 'caseInsensitive',
		type: 'boolean',
		default: true,
		description: 'Whether "PRICE" matches the pattern "price"',
		displayOptions: show({ replyWith: ['rules'] }),
	},
	{
		displayName: 'Default Reply',
		name: 'defaultReply',
		type: 'string',
		default: '',
		description: 'Sent when no rule matches. Leave empty to send nothing.',
		displayOptions: show({ replyWith: ['rules'] }),
	},
	{
		displayName: 'Skip Short Codes and Alphanumeric Senders',
		name: 'skipMachineSenders',
		type: 'boolean',
		default: true,
		description: 'Whether to leave banks, carriers and other services (2936, GCASH) unanswered',
	},
	{
		displayName: 'Limit Replies per Sender',
		name: 'limitReplies',
		type: 'boolean',
		default: true,
		description: 'Whether to cap how often one sender is answered; this stops two auto-responders answering each other',
	},
	{
		displayName: 'Max Replies per Window',
		name: 'maxReplies',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: show({ limitReplies: [true] }),
	},
	{
		displayName: 'Window (Minutes)',
		name: 'windowMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10,
		description: 'The time over which replies are counted and repeated replies are suppressed',
	},
	{
		displayName: 'Honor STOP Keywords',
		name: 'honorStopKeywords',
		type: 'boolean',
		default: true,
		description:
			'Whether STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT (as the whole message) opt the sender out, and START or UNSTOP back in',
	},
	{
		displayName: 'Skip Repeated Reply',
		name: 'skipRepeatedText',
		type: 'boolean',
		default: true,
		description: 'Whether to suppress the same reply text to the same sender twice in a row within the window',
	},
	{
		displayName: 'Quiet Hours',
		name: 'quietHours',
		type: 'boolean',
		default: false,
		description: 'Whether to send no replies during a daily time range',
	},
	{
		displayName: 'Quiet From',
		name: 'quietStart',
		type: 'string',
		default: '21:00',
		placeholder: '21:00',
		description: 'Start of the quiet time, 24-hour HH:MM',
		displayOptions: show({ quietHours: [true] }),
	},
	{
		displayName: 'Quiet Until',
		name: 'quietEnd',
		type: 'string',
		default: '08:00',
		placeholder: '08:00',
		description: 'End of the quiet time; earlier than the start means it spans midnight',
		displayOptions: show({ quietHours: [true] }),
	},
	{
		displayName: 'Time Zone',
		name: 'quietTimeZone',
		type: 'string',
		default: '',
		placeholder: 'America/New_York',
		description: "IANA time zone of the quiet hours. Empty means the workflow's time zone.",
		displayOptions: show({ quietHours: [true] }),
	},
	sendOptions([
		{
			...whatsAppAccountProperty,
			displayName: 'Reply From WhatsApp Account Name or ID',
			name: 'whatsAppAccount',
			description: `By default a chat is answered from the account that received it. ${whatsAppAccountProperty.description}`,
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['event'], operation: ['reply'] } }, properties);

/** Items for the two outputs of Reply. */
export interface ReplyResult {
	main: INodeExecutionData[];
	skipped: INodeExecutionData[];
}

function readEvent(context: IExecuteFunctions, itemIndex: number): GatewayEvent {
	const json = context.getInputData()[itemIndex]?.json ?? {};
	const parsed = validate(() => eventFromData(parseEventType(json.type), json));
	if (parsed.ok) return parsed.value;
	throw new NodeOperationError(
		context.getNode(),
		`The input item is not an SMS Gateway event: ${parsed.error.message.replace(/^data\./, '')}`,
		{ itemIndex, description: 'Connect the Reply operation to an SMS Gateway Trigger or SMS Gateway Ingest Trigger.' },
	);
}

function readProtections(context: IExecuteFunctions, itemIndex: number): ReplyProtections {
	const parameter = <T>(name: string, fallback: T) => context.getNodeParameter(name, itemIndex, fallback) as T;
	const protections: ReplyProtections = {
		skipMachineSenders: parameter('skipMachineSenders', true),
		limitReplies: parameter('limitReplies', true),
		maxReplies: Number(parameter('maxReplies', 1)),
		windowMinutes: Number(parameter('windowMinutes', 10)),
		honorStopKeywords: parameter('honorStopKeywords', true),
		skipRepeatedText: parameter('skipRepeatedText', true),
	};
	if (parameter('quietHours', false)) {
		protections.quietHours = {
			start: parameter('quietStart', '21:00'),
			end: parameter('quietEnd', '08:00'),
			timeZone: parameter('quietTimeZone', '') || context.getTimezone(),
		};
	}
	for (const [field, label] of [
		['maxReplies', 'Max Replies per Window'],
		['windowMinutes', 'Window (Minutes)'],
	] as const) {
		if (!Number.isFinite(protections[field]) || protections[field] < 1) {
			throw new NodeOperationError(context.getNode(), `${label} must be 1 or more`, { itemIndex });
		}
	}
	return protections;
}

/** The reply text for `event`, as the parameters say; `undefined` when there is none. */
function replyTextFor(context: IExecuteFunctions, event: ConversationEvent, itemIndex: number): () => string | undefined {
	if (context.getNodeParameter('replyWith', itemIndex, 'rules') === 'text') {
		return () => String(context.getNodeParameter('text', itemIndex, '')).trim();
	}
	const collection = context.getNodeParameter('rules', itemIndex, {}) as { rule?: Array<Partial<ReplyRule>> };
	const rules: ReplyRule[] = (collection.rule ?? []).map((rule) => ({
		match: rule.match ?? MATCH_KINDS[0],
		pattern: String(rule.pattern ?? ''),
		reply: String(rule.reply ?? ''),
	}));
	const options = {
		caseInsensitive: context.getNodeParameter('caseInsensitive', itemIndex, true) as boolean,
		defaultReply: String(context.getNodeParameter('defaultReply', itemIndex, '')).trim(),
	};
	validateRules(rules);
	return () => {
		const choice = chooseReply(event.message, rules, options);
		return choice.matched ? choice.text : undefined;
	};
}

/** The input item as it came (extra fields such as `raw` included), with why it got no reply. */
function skippedItem(context: IExecuteFunctions, itemIndex: number, reason: string, detail: string): ReplyResult {
	const json = context.getInputData()[itemIndex]?.json ?? {};
	return { main: [], skipped: [{ json: { ...json, skipReason: reason, skipDetail: detail }, pairedItem: { item: itemIndex } }] };
}

async function sendReply(
	context: IExecuteFunctions,
	event: ConversationEvent,
	text: string,
	itemIndex: number,
): Promise<{ sent: SentMessage; from: IDataObject }> {
	const options = context.getNodeParameter('options', itemIndex, {}) as ReplyOptions;
	if (event.type === 'sms') {
		const [sent] = await sendSms.call(context, {
			recipients: [event.phone],
			text,
			device: event.device,
			sim: event.sim,
			priority: false,
			timeoutMs: timeoutMs(options),
			itemIndex,
		});
		return { sent, from: { device: event.device, sim: event.sim } };
	}
	const account = options.whatsAppAccount || (await whatsAppAccountOf.call(context, event.wid, itemIndex));
	const sent = await sendWhatsApp.call(context, {
		account,
		recipient: event.phone,
		content: { type: 'text', message: text },
		sendNow: false,
		timeoutMs: timeoutMs(options),
		itemIndex,
	});
	return { sent, from: { account } };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<ReplyResult> {
	const event = readEvent(this, itemIndex);
	if (!isConversationEvent(event)) {
		return skippedItem(this, itemIndex, 'notConversation', `a ${event.type} event has no sender to answer`);
	}

	let protections: ReplyProtections;
	let replyText: () => string | undefined;
	try {
		protections = readProtections(this, itemIndex);
		if (protections.quietHours) validateQuietHours(protections.quietHours);
		replyText = replyTextFor(this, event, itemIndex);
	} catch (error) {
		// Rule and quiet-hour mistakes name the rule or the field; the message is the error.
		throw asNodeError(this.getNode(), error, itemIndex);
	}

	// Only the rate limit, the repeated-text check and STOP keywords remember senders. Without
	// them the workflow's static data is left alone: n8n loads it for every execution and
	// writes it back after each change, which costs more the more senders it holds.
	const remembers = protections.limitReplies || protections.skipRepeatedText || protections.honorStopKeywords;
	const staticData: IDataObject = remembers ? this.getWorkflowStaticData('node') : {};
	const memory: ReplyMemory = readMemory(staticData[MEMORY_KEY]);
	const now = Date.now();
	const decision = decideReply({ event, protections, memory, now, replyText });
	// Assigning a fresh object tells n8n the static data changed, so it is saved.
	staticData[MEMORY_KEY] = memory as unknown as IDataObject;
	if (decision.action === 'skip') return skippedItem(this, itemIndex, decision.reason, decision.detail);

	try {
		const { sent, from } = await sendReply(this, event, decision.text, itemIndex);
		recordReply(memory, event, decision.text, now);
		return {
			main: [
				{
					json: { channel: event.type, ...sent, text: decision.text, ...from, inReplyTo: event.id },
					pairedItem: { item: itemIndex },
				},
			],
			skipped: [],
		};
	} catch (error) {
		// A reply that may have gone out counts, or a lost answer would let two bots loop.
		if (mayHaveBeenSent(error)) recordReply(memory, event, decision.text, now);
		throw asNodeError(this.getNode(), error, itemIndex);
	} finally {
		staticData[MEMORY_KEY] = memory as unknown as IDataObject;
	}
}
