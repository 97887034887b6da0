/**
 * SMS Gateway → Event → Deliver to Webhook, run against real consumers on loopback with
 * n8n's real HTTP helpers: what a consumer written for the hosted platform receives, and
 * what the workflow sees when a consumer is slow, failing or gone.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { execute, description } from '../../nodes/SmsGateway/actions/event/deliverToWebhook.operation';
import { decodeBody } from '../../nodes/shared/body';
import { parseEvent } from '../../nodes/shared/parseEvent';
import { createExecuteContext, type ParameterValue } from '../helpers/n8nContext';
import { n8nRequestHelpers } from '../helpers/n8nRequests';
import { TEST_SECRET, asN8nFormBody, platformBody, type FixtureName } from '../helpers/platformBodies';
import { deadUrl, flakySink, phpExampleSink, silentSink, startSink, type Sink } from './sinks';

/** The item a trigger emits for a fixture webhook. */
function eventItem(name: FixtureName): INodeExecutionData {
	return { json: { ...parseEvent(decodeBody(asN8nFormBody(platformBody(name)))) } as IDataObject };
}

function deliveryContext(parameters: Record<string, ParameterValue>, items = [eventItem('sms')], secret = TEST_SECRET): IExecuteFunctions {
	return createExecuteContext({
		items,
		parameters: { resource: 'event', operation: 'deliverToWebhook', deliveryEncoding: 'form', ...parameters },
		credentials: { smsGatewayWebhookApi: { secret } },
		helpers: n8nRequestHelpers().helpers,
	});
}

const quick = { retryDelay: 5, timeout: 2_000 };

const sinks: Sink[] = [];
async function open(sink: Promise<Sink>): Promise<Sink> {
	const started = await sink;
	sinks.push(started);
	return started;
}
afterEach(async () => {
	await Promise.all(sinks.splice(0).map(async (sink) => await sink.close()));
});

describe('what a consumer written for the platform receives', () => {
	test.each<FixtureName>(['sms', 'whatsapp', 'ussd', 'notifications'])(
		'%s: byte for byte the body the platform posts (PHP http_build_query), secret first',
		async (name) => {
			const sink = await open(phpExampleSink(TEST_SECRET));
			const items = await execute.call(deliveryContext({ webhookUrls: sink.url }, [eventItem(name)]), 0);
			expect(sink.received).toHaveLength(1);
			expect(sink.received[0].contentType).toBe('application/x-www-form-urlencoded');
			expect(sink.received[0].raw).toBe(platformBody(name, TEST_SECRET));
			expect(items).toEqual([
				{
					json: { eventId: expect.any(Number), type: eventItem(name).json.type, url: sink.url, delivered: true, status: 200, attempts: 1, durationMs: expect.any(Number) },
					pairedItem: { item: 0 },
				},
			]);
		},
	);

	test('the PHP example refuses a wrong secret: 403 is not retried and fails the item', async () => {
		const sink = await open(phpExampleSink('the-consumers-secret'));
		const run = execute.call(deliveryContext({ webhookUrls: sink.url, deliveryOptions: { ...quick, maxAttempts: 3 } }), 0);
		await expect(run).rejects.toThrow(`Delivery failed to 1 of 1 webhook URL(s): ${sink.url}: answered HTTP 403 (after 1 attempt(s))`);
		expect(sink.received).toHaveLength(1);
	});

	test('JSON: {secret, type, data} with numbers as numbers', async () => {
		const sink = await open(phpExampleSink(TEST_SECRET));
		await execute.call(deliveryContext({ webhookUrls: sink.url, deliveryEncoding: 'json' }), 0);
		expect(sink.received[0].contentType).toMatch(/^application\/json/);
		expect(JSON.parse(sink.received[0].raw)).toEqual({
			secret: TEST_SECRET,
			type: 'sms',
			data: { id: 2, rid: 10593, sim: 1, device: '00000000-0000-0000-d57d-f30cb6a89289', phone: '+639760713666', message: 'Hello World!', timestamp: 1645684231 },
		});
	});

	test('notifications can be sent with the singular type the platform docs use', async () => {
		const sink = await open(phpExampleSink(TEST_SECRET));
		await execute.call(
			deliveryContext({ webhookUrls: sink.url, deliveryOptions: { pluralNotifications: false } }, [eventItem('notifications')]),
			0,
		);
		expect(sink.received[0].request.type).toBe('notification');
	});

	test('several URLs: each gets the event, one item per URL', async () => {
		const first = await open(phpExampleSink(TEST_SECRET));
		const second = await open(phpExampleSink(TEST_SECRET));
		const items = await execute.call(deliveryContext({ webhookUrls: `${first.url},\n${second.url}` }), 0);
		expect(items.map((item) => item.json.url)).toEqual([first.url, second.url]);
		expect(items.every((item) => item.json.delivered === true)).toBe(true);
		expect([first.received.length, second.received.length]).toEqual([1, 1]);
	});
});

describe('retries and failures', () => {
	test('a consumer answering 500 twice, then 200, gets the event on the third attempt', async () => {
		const sink = await open(flakySink(2));
		const [item] = await execute.call(deliveryContext({ webhookUrls: sink.url, deliveryOptions: { ...quick, maxAttempts: 3 } }), 0);
		expect(item.json).toMatchObject({ delivered: true, status: 200, attempts: 3 });
		expect(sink.received.map((request) => request.raw)).toEqual(Array(3).fill(platformBody('sms', TEST_SECRET)));
	});

	test('the attempts are bounded: 500 every time fails after the configured count', async () => {
		const sink = await open(flakySink(99));
		await expect(
			execute.call(deliveryContext({ webhookUrls: sink.url, deliveryOptions: { ...quick, maxAttempts: 2 } }), 0),
		).rejects.toThrow('answered HTTP 500 (after 2 attempt(s))');
		expect(sink.received).toHaveLength(2);
	});

	test('a dead port is retried, then fails the item with the cause', async () => {
		const url = await deadUrl();
		const run = execute.call(deliveryContext({ webhookUrls: url, deliveryOptions: { ...quick, maxAttempts: 3 } }), 0);
		await expect(run).rejects.toThrow(/after 3 attempt\(s\)/);
		await expect(run).rejects.toMatchObject({ name: 'NodeApiError', context: { itemIndex: 0 } });
	});

	test('a consumer that never answers times out per attempt', async () => {
		const sink = await open(silentSink());
		const run = execute.call(deliveryContext({ webhookUrls: sink.url, deliveryOptions: { retryDelay: 5, timeout: 150, maxAttempts: 2 } }), 0);
		await expect(run).rejects.toThrow(/after 2 attempt\(s\)/);
		expect(sink.received).toHaveLength(2);
	});

	test('one failing URL fails the item but does not stop the others; the error says which were delivered', async () => {
		const good = await open(phpExampleSink(TEST_SECRET));
		const url = await deadUrl();
		const run = execute.call(deliveryContext({ webhookUrls: `${good.url}, ${url}`, deliveryOptions: { ...quick, maxAttempts: 1 } }), 0);
		await expect(run).rejects.toMatchObject({
			message: expect.stringContaining(`Delivery failed to 1 of 2 webhook URL(s): ${url}`),
			description: `Delivered to: ${good.url}`,
		});
		expect(good.received).toHaveLength(1);
	});

	test('the secret appears in no item and no error, whatever happens', async () => {
		const ok = await open(phpExampleSink(TEST_SECRET));
		const refusing = await open(phpExampleSink('other'));
		const echoing = await open(startSink((received, response) => response.writeHead(502).end(received.raw)));
		const items = await execute.call(deliveryContext({ webhookUrls: ok.url }), 0);
		const errors = await Promise.all(
			[refusing.url, echoing.url, await deadUrl()].map(async (url) =>
				execute.call(deliveryContext({ webhookUrls: url, deliveryOptions: { ...quick, maxAttempts: 2 } }), 0).catch((error: unknown) => error),
			),
		);
		const everything = JSON.stringify(items) + errors.map((error) => JSON.stringify(error, Object.getOwnPropertyNames(error))).join('');
		expect(errors.every((error) => error instanceof Error)).toBe(true);
		expect(everything).not.toContain(TEST_SECRET);
	});
});

describe('bad input names what is wrong', () => {
	test.each<[string, Record<string, ParameterValue>, INodeExecutionData[], string]>([
		['an item that is not an event', { webhookUrls: 'http://127.0.0.1:9/' }, [{ json: { hello: 'world' } }], 'The input item is not a gateway event: type is missing'],
		['an event with a bad field', { webhookUrls: 'http://127.0.0.1:9/' }, [{ json: { ...eventItem('sms').json, sim: 7 } }], 'data.sim must be 1 or 2 (got 7)'],
		['no URL', { webhookUrls: ' , ' }, [eventItem('sms')], 'Webhook URLs is empty'],
		['a URL that is not http', { webhookUrls: 'ftp://example.com/x' }, [eventItem('sms')], 'Webhook URLs: "ftp://example.com/x" is not an http(s) URL'],
	])('%s', async (_case, parameters, items, message) => {
		await expect(execute.call(deliveryContext(parameters, items), 0)).rejects.toThrow(message);
	});
});

test('every parameter is shown only for Event → Deliver to Webhook', () => {
	for (const property of description) {
		expect(property.displayOptions).toEqual({ show: { resource: ['event'], operation: ['deliverToWebhook'] } });
	}
});
