/**
 * Event → Reply in the node, against the fake platform: the reply goes back the way the
 * event came, skipped events leave by the second output with the reason, and the
 * protections hold across executions, including two bots wired to each other.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EVENT_TYPES } from '../../nodes/shared/events';
import { receivePlatformWebhook } from '../../nodes/SmsGatewayTrigger/platformWebhook';
import { DEVICES, PLATFORM_SECRET, WA_ACCOUNTS, startPlatform, startSmsGate, type FakeGateway } from '../helpers/fakeGateway';
import type { ParameterValue } from '../helpers/n8nContext';
import { TEST_SECRET, asN8nFormBody, platformBody, platformForm, type FixtureName } from '../helpers/platformBodies';
import { errorOf, platformCredential, runSmsGatewayNode, smsGateCredential } from '../helpers/smsGatewayNode';

/** The item the SMS Gateway Trigger emits for a platform webhook body. */
function triggerItem(form: string): IDataObject {
	const outcome = receivePlatformWebhook({ body: asN8nFormBody(form) }, TEST_SECRET, {
		events: [...EVENT_TYPES],
		outputMode: 'single',
		filters: {},
		options: {},
	});
	if (outcome.kind !== 'accepted') throw new Error(`fixture not accepted: ${JSON.stringify(outcome)}`);
	return outcome.item;
}

const fixture = (name: FixtureName) => triggerItem(platformBody(name));

/** An SMS webhook from `phone` with `message`, otherwise the fixture's. */
function smsFrom(phone: string, message: string, device = DEVICES[0].unique, sim = '1'): IDataObject {
	return triggerItem(
		platformForm({
			secret: TEST_SECRET,
			type: 'sms',
			'data[id]': '5',
			'data[rid]': '77',
			'data[sim]': sim,
			'data[device]': device,
			'data[phone]': phone,
			'data[message]': message,
			'data[timestamp]': '1772463600',
		}),
	);
}

const rulesBot = {
	resource: 'event',
	operation: 'reply',
	replyWith: 'rules',
	rules: {
		rule: [
			{ match: 'contains', pattern: 'price', reply: 'Our prices: example.com/prices' },
			{ match: 'startsWith', pattern: 'hours', reply: 'We are open 9 to 5' },
		],
	},
	caseInsensitive: true,
	defaultReply: '',
	skipMachineSenders: true,
	limitReplies: true,
	maxReplies: 1,
	windowMinutes: 10,
	honorStopKeywords: true,
	skipRepeatedText: true,
	quietHours: false,
	options: {},
};

let platform: FakeGateway;
beforeEach(async () => {
	platform = await startPlatform();
});
afterEach(async () => await platform.close());

async function reply(items: IDataObject[], staticData: IDataObject, parameters: Record<string, ParameterValue> = rulesBot) {
	const { outputs } = await runSmsGatewayNode({
		credential: platformCredential(platform),
		parameters,
		items: items.map((json) => ({ json })),
		staticData,
	});
	expect(outputs).toHaveLength(2);
	const [replied, skipped] = outputs;
	return { replied, skipped };
}

const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe('Event → Reply', () => {
	it('answers an SMS from the same device and SIM to the sender, with the matching rule’s text', async () => {
		const staticData = {};
		const event = smsFrom('+639760713666', 'What is the PRICE of a bag?', DEVICES[1].unique, '2');
		const { replied, skipped } = await reply([event], staticData);

		expect(platform.sends().map((request) => request.fields)).toEqual([
			{
				mode: 'devices',
				phone: '+639760713666',
				message: 'Our prices: example.com/prices',
				device: DEVICES[1].unique,
				sim: '2',
				priority: '2',
				secret: PLATFORM_SECRET,
			},
		]);
		expect(replied).toEqual([
			{
				json: {
					channel: 'sms',
					phone: '+639760713666',
					messageId: 1000,
					status: 'queued',
					text: 'Our prices: example.com/prices',
					device: DEVICES[1].unique,
					sim: 2,
					inReplyTo: 5,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(skipped).toEqual([]);
	});

	it('with no protection that remembers senders, replies every time and leaves static data alone', async () => {
		const staticData = {};
		const forgetful = { ...rulesBot, limitReplies: false, skipRepeatedText: false, honorStopKeywords: false };
		for (let n = 0; n < 3; n++) await reply([smsFrom('+639760713666', 'price?')], staticData, forgetful);

		expect(platform.sends()).toHaveLength(3);
		expect(staticData).toEqual({});
		// With the rate limit on again, the sender is remembered.
		await reply([smsFrom('+639760713666', 'price?')], staticData);
		expect(Object.keys(staticData)).toEqual(['replyMemory']);
	});

	it('sends nothing to the same sender again within the window, and says why on the Skipped output', async () => {
		const staticData = {};
		await reply([smsFrom('+639760713666', 'price?')], staticData);
		const second = await reply([smsFrom('+639760713666', 'hours?')], staticData);

		expect(platform.sends()).toHaveLength(1);
		expect(second.replied).toEqual([]);
		expect(second.skipped).toEqual([
			{
				json: expect.objectContaining({
					type: 'sms',
					phone: '+639760713666',
					message: 'hours?',
					skipReason: 'rateLimit',
					skipDetail: '1 reply to +639760713666 in the last 10 minutes (limit 1)',
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('answers a WhatsApp chat from the account that received it', async () => {
		const { replied } = await reply([fixture('whatsapp')], {}, { ...rulesBot, replyWith: 'text', text: 'Hi! An agent will answer soon.' });
		const sends = platform.sends();
		expect(sends.map((request) => [request.path, request.fields])).toEqual([
			[
				'/api/send/whatsapp',
				{ account: WA_ACCOUNTS[2].unique, recipient: '+639760666713', type: 'text', message: 'Hi! An agent will answer soon.', priority: '2', secret: PLATFORM_SECRET },
			],
		]);
		expect(replied[0].json).toMatchObject({ channel: 'whatsapp', account: WA_ACCOUNTS[2].unique, inReplyTo: 2 });
	});

	it('answers from a chosen WhatsApp account without looking the account up', async () => {
		await reply([fixture('whatsapp')], {}, { ...rulesBot, replyWith: 'text', text: 'Hi', options: { whatsAppAccount: WA_ACCOUNTS[0].unique } });
		expect(platform.requests.map((request) => request.path)).toEqual(['/api/send/whatsapp']);
		expect(platform.sends()[0].fields.account).toBe(WA_ACCOUNTS[0].unique);
	});

	it.each([
		['a USSD response', () => fixture('ussd'), 'notConversation'],
		['a notification', () => fixture('notifications'), 'notConversation'],
		['a bank’s alphanumeric sender', () => smsFrom('GCASH', 'price alert'), 'machineSender'],
		['a short code', () => smsFrom('2936', 'price alert'), 'machineSender'],
		['a message no rule matches', () => smsFrom('+639171234567', 'hello'), 'noReplyText'],
	])('skips %s with the reason', async (_case, item, reason) => {
		const { replied, skipped } = await reply([item()], {});
		expect(platform.sends()).toHaveLength(0);
		expect(replied).toEqual([]);
		expect(jsonOf(skipped)).toEqual([expect.objectContaining({ skipReason: reason })]);
	});

	it('passes a skipped item on as it came, extra fields included', async () => {
		const item = { ...smsFrom('GCASH', 'Your balance'), raw: { note: 'kept' } };
		const { skipped } = await reply([item], {});
		expect(skipped[0].json).toEqual({ ...item, skipReason: 'machineSender', skipDetail: 'GCASH is a short code or alphanumeric sender (a service, not a person)' });
	});

	it('opts a sender out on STOP across executions, and back in on START', async () => {
		const staticData = {};
		const phone = '+639171234567';
		const run = async (message: string) => jsonOf((await reply([smsFrom(phone, message)], staticData, { ...rulesBot, limitReplies: false })).skipped);
		expect(await run('STOP')).toEqual([expect.objectContaining({ skipReason: 'stopKeyword' })]);
		expect(await run('price?')).toEqual([expect.objectContaining({ skipReason: 'optedOut' })]);
		expect(platform.sends()).toHaveLength(0);
		await run('START');
		expect(await run('price please')).toEqual([]);
		expect(platform.sends().map((request) => request.fields.message)).toEqual(['Our prices: example.com/prices']);
	});

	it('sends nothing during quiet hours in the workflow’s time zone', async () => {
		const now = new Date();
		const hh = (offset: number) => `${String((now.getUTCHours() + offset + 24) % 24).padStart(2, '0')}:00`;
		const { skipped } = await runSmsGatewayNode({
			credential: platformCredential(platform),
			parameters: { ...rulesBot, quietHours: true, quietStart: hh(-1), quietEnd: hh(2), quietTimeZone: '' },
			items: [{ json: smsFrom('+639171234567', 'price?') }],
			timezone: 'UTC',
		}).then(({ outputs }) => ({ skipped: outputs[1] }));
		expect(platform.sends()).toHaveLength(0);
		expect(jsonOf(skipped)).toEqual([expect.objectContaining({ skipReason: 'quietHours' })]);
	});

	it('counts a reply whose answer was lost, so a broken connection cannot start a loop', async () => {
		const staticData = {};
		platform.failNext('/api/send/sms', { kind: 'drop' });
		const error = await errorOf(reply([smsFrom('+639171234567', 'price?')], staticData));
		expect(error.message).toContain('may have been sent; not retried to avoid a duplicate SMS');
		const again = await reply([smsFrom('+639171234567', 'price?')], staticData);
		expect(jsonOf(again.skipped)).toEqual([expect.objectContaining({ skipReason: 'rateLimit' })]);
		expect(platform.sends()).toHaveLength(1);
	});

	it('does not count a reply that certainly failed', async () => {
		const staticData = {};
		platform.failNext('/api/send/sms', { kind: 'status', status: 403, message: 'Daily limit reached!' });
		await errorOf(reply([smsFrom('+639171234567', 'price?')], staticData));
		const again = await reply([smsFrom('+639171234567', 'price?')], staticData);
		expect(again.replied).toHaveLength(1);
	});

	it('with Continue On Fail, turns a failed reply into an error item and goes on', async () => {
		platform.failNext('/api/send/sms', { kind: 'status', status: 404, message: "Device doesn't exist!" });
		const { outputs } = await runSmsGatewayNode({
			credential: platformCredential(platform),
			parameters: rulesBot,
			continueOnFail: true,
			items: [{ json: smsFrom('+639170000001', 'price?') }, { json: smsFrom('+639170000002', 'price?') }],
			staticData: {},
		});
		expect(outputs[0]).toEqual([
			{ json: { error: "Device doesn't exist!" }, pairedItem: { item: 0 } },
			expect.objectContaining({ json: expect.objectContaining({ phone: '+639170000002' }), pairedItem: { item: 1 } }),
		]);
		expect(JSON.stringify(outputs)).not.toContain(PLATFORM_SECRET);
	});

	it.each([
		['an item that is not an event', { hello: 'world' }, 'The input item is not an SMS Gateway event: type is missing'],
		['an SMS event without a sender', { ...smsFrom('+639171234567', 'x'), phone: undefined }, 'The input item is not an SMS Gateway event: phone is missing'],
	])('refuses %s, naming the field', async (_case, json, message) => {
		const error = await errorOf(reply([json as IDataObject], {}));
		expect(error.message).toBe(message);
	});

	it('refuses a rule with a bad regular expression, naming the rule', async () => {
		const parameters = { ...rulesBot, rules: { rule: [rulesBot.rules.rule[0], { match: 'regex', pattern: '(price', reply: 'x' }] } };
		const error = await errorOf(reply([smsFrom('+639171234567', 'hello')], {}, parameters));
		expect(error.message).toMatch(/^Rule 2 has an invalid regular expression/);
	});
});

describe('two auto-responders wired to each other through the gateway', () => {
	const BOTS = {
		a: { number: '+15550001111', device: DEVICES[0].unique, text: 'Thanks for your message! We will get back to you.' },
		b: { number: '+15550002222', device: DEVICES[1].unique, text: 'I am away until Monday.' },
	};
	type Bot = keyof typeof BOTS;

	/**
	 * Runs the conversation: each SMS a bot sends arrives at the other bot as an event.
	 * Returns the number of SMS sent, stopping at `cap` if the bots do not stop.
	 */
	async function converse(settings: Record<string, unknown>, cap = 30): Promise<number> {
		const memories: Record<Bot, IDataObject> = { a: {}, b: {} };
		const inbox: Array<{ to: Bot; item: IDataObject }> = [];
		platform.onSend = (request) => {
			const from = (Object.keys(BOTS) as Bot[]).find((bot) => BOTS[bot].device === request.fields.device);
			const to = (Object.keys(BOTS) as Bot[]).find((bot) => BOTS[bot].number === request.fields.phone);
			if (from && to) inbox.push({ to, item: smsFrom(BOTS[from].number, String(request.fields.message), BOTS[to].device) });
		};
		// B's auto-responder starts it all by texting A.
		inbox.push({ to: 'a', item: smsFrom(BOTS.b.number, 'Hello', BOTS.a.device) });
		while (inbox.length > 0 && platform.sends().length < cap) {
			const { to, item } = inbox.shift()!;
			await reply([item], memories[to], { ...rulesBot, replyWith: 'text', text: BOTS[to].text, ...settings });
		}
		return platform.sends().length;
	}

	it('stop within the cap with the default protections', async () => {
		expect(await converse({})).toBe(2);
	});

	it('stop at once on the repeated text, even without a reply limit', async () => {
		expect(await converse({ limitReplies: false })).toBe(2);
	});

	it('stop on the reply limit, even without the repeated-text check', async () => {
		expect(await converse({ skipRepeatedText: false, maxReplies: 3 })).toBe(6);
	});

	it('would answer each other until the cap without those two protections', async () => {
		expect(await converse({ limitReplies: false, skipRepeatedText: false }, 30)).toBe(30);
	});
});

describe('Event → Reply through SMSGate', () => {
	it('answers from the same phone and SIM with SMSGate’s JSON API', async () => {
		const smsGate = await startSmsGate();
		try {
			const event = smsFrom('+15550109999', 'price?', 'dev-pixel-7a', '2');
			const { outputs } = await runSmsGatewayNode({
				credential: smsGateCredential(smsGate),
				parameters: rulesBot,
				items: [{ json: event }],
				staticData: {},
			});
			expect(smsGate.sends().map((request) => request.fields)).toEqual([
				{ textMessage: { text: 'Our prices: example.com/prices' }, phoneNumbers: ['+15550109999'], simNumber: 2, deviceId: 'dev-pixel-7a' },
			]);
			expect(outputs[0][0].json).toMatchObject({ channel: 'sms', messageId: 'msg-1', status: 'pending', device: 'dev-pixel-7a', sim: 2 });
		} finally {
			await smsGate.close();
		}
	});
});
