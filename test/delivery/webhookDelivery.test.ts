/** The platform's encoding and the retry policy, as pure functions. */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { SmsGatewayWebhookApi } from '../../credentials/SmsGatewayWebhookApi.credentials';
import { deliver, httpBuildQuery, phpUrlencode, type HttpAnswer } from '../../nodes/shared/webhookDelivery';

describe('PHP form encoding', () => {
	test.each<[string, string]>([
		['Hello World!', 'Hello+World%21'],
		['*143#', '%2A143%23'],
		["it's (not) ~ok~", 'it%27s+%28not%29+%7Eok%7E'],
		['a-b_c.d', 'a-b_c.d'],
		['ñ 😀', '%C3%B1+%F0%9F%98%80'],
		['+639760713666', '%2B639760713666'],
	])('urlencode(%j) is %s, as in PHP', (text, encoded) => {
		expect(phpUrlencode(text)).toBe(encoded);
	});

	test('http_build_query: nested keys in brackets, booleans as 1/0, nulls left out', () => {
		expect(httpBuildQuery({ secret: 's', type: 'whatsapp', data: { id: 2, attachment: false, seen: true, note: null } })).toBe(
			'secret=s&type=whatsapp&data%5Bid%5D=2&data%5Battachment%5D=0&data%5Bseen%5D=1',
		);
	});
});

describe("the webhook credential's authenticate", () => {
	const authenticate = new SmsGatewayWebhookApi().authenticate;
	const payload = { type: 'sms', data: { id: 1 } };

	test('puts the secret first into a form body', async () => {
		const request = await authenticate({ secret: 'p@ss word' }, { url: 'http://x', body: payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(request.body).toBe('secret=p%40ss+word&type=sms&data%5Bid%5D=1');
	});

	test('and into a JSON body', async () => {
		const request = await authenticate({ secret: 'k' }, { url: 'http://x', body: payload, headers: { 'content-type': 'application/json' } });
		expect(request.body).toEqual({ secret: 'k', type: 'sms', data: { id: 1 } });
	});

	test('leaves requests that carry no platform payload alone', async () => {
		const original: IHttpRequestOptions = { url: 'http://x', body: { hello: 'world' } };
		expect(await authenticate({ secret: 'k' }, original)).toBe(original);
	});
});

describe('retry policy', () => {
	/** A consumer answering with the given statuses in turn; 0 stands for a network error. */
	function scripted(statuses: number[]) {
		const waits: number[] = [];
		let call = 0;
		const send = async (): Promise<HttpAnswer> => {
			const status = statuses[Math.min(call++, statuses.length - 1)];
			if (status === 0) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
			return { statusCode: status };
		};
		const sleep = async (milliseconds: number) => {
			waits.push(milliseconds);
		};
		return { send, sleep, waits, calls: () => call };
	}
	const policy = { timeoutMs: 1000, maxAttempts: 5, retryDelayMs: 100 };

	test.each<[string, number[], { delivered: boolean; status: number; attempts: number }, number[]]>([
		['2xx at once', [204], { delivered: true, status: 204, attempts: 1 }, []],
		['5xx, network error, then 200', [503, 0, 200], { delivered: true, status: 200, attempts: 3 }, [100, 200]],
		['4xx is final', [404], { delivered: false, status: 404, attempts: 1 }, []],
		['5xx until the bound', [500], { delivered: false, status: 500, attempts: 5 }, [100, 200, 400, 800]],
		['network errors until the bound', [0], { delivered: false, status: 0, attempts: 5 }, [100, 200, 400, 800]],
	])('%s', async (_case, statuses, expected, waits) => {
		const consumer = scripted(statuses);
		const result = await deliver('http://consumer', { url: 'http://consumer' }, policy, consumer.send, consumer.sleep);
		expect(result).toMatchObject({ url: 'http://consumer', ...expected });
		expect(consumer.waits).toEqual(waits);
		expect(consumer.calls()).toBe(expected.attempts);
	});

	test('the attempt count is bounded even when configured higher, and waits are capped at a minute', async () => {
		const consumer = scripted([500]);
		const result = await deliver('http://c', { url: 'http://c' }, { ...policy, maxAttempts: 50, retryDelayMs: 20_000 }, consumer.send, consumer.sleep);
		expect(result.attempts).toBe(10);
		expect(Math.max(...consumer.waits)).toBe(60_000);
	});
});
