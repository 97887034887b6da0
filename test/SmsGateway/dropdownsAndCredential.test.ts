/**
 * The editor's side of the node: dropdowns filled from the gateway, and the credential
 * test that reports the gateway's own message.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { SmsGateway } from '../../nodes/SmsGateway/SmsGateway.node';
import { DEVICES, PLATFORM_SECRET, SMSGATE_PASSWORD, WA_ACCOUNTS, startPlatform, startSmsGate, type FakeGateway } from '../helpers/fakeGateway';
import { createCredentialTestContext, createLoadOptionsContext } from '../helpers/n8nContext';
import { credentialTestRequest, n8nRequestHelpers } from '../helpers/n8nRequests';
import { errorOf, platformCredential, smsGateCredential } from '../helpers/smsGatewayNode';

const node = new SmsGateway();

function loadOptionsContext(credential: ICredentialDataDecryptedObject) {
	const { helpers, calls } = n8nRequestHelpers();
	return { context: createLoadOptionsContext({ credentials: { smsGatewayApi: credential }, helpers }), calls };
}

async function testCredential(data: ICredentialDataDecryptedObject) {
	return await node.methods.credentialTest.smsGatewayApiTest.call(createCredentialTestContext(credentialTestRequest), {
		id: 'c1',
		name: 'SMS Gateway API',
		type: 'smsGatewayApi',
		data,
	});
}

let platform: FakeGateway;
let smsGate: FakeGateway;
beforeAll(async () => {
	platform = await startPlatform();
	smsGate = await startSmsGate();
});
afterAll(async () => {
	await platform.close();
	await smsGate.close();
});

describe('dropdowns', () => {
	beforeEach(() => {
		platform.requests.length = 0;
	});

	it('lists the platform’s devices by name with their unique id as the value', async () => {
		const { context } = loadOptionsContext(platformCredential(platform));
		const options = await node.methods.loadOptions.getDevices.call(context);
		expect(options).toEqual([
			{ name: 'Office Pixel', value: DEVICES[0].unique, description: `Google, Android 14 · ${DEVICES[0].unique}` },
			{ name: 'Backup Galaxy', value: DEVICES[1].unique, description: `Samsung, Android 13 · ${DEVICES[1].unique}` },
		]);
		expect(platform.requests.map((request) => [request.method, request.path, request.query])).toEqual([
			['GET', '/api/get/devices', { limit: '100', secret: PLATFORM_SECRET }],
		]);
	});

	it('lists WhatsApp accounts by number and status', async () => {
		const { context } = loadOptionsContext(platformCredential(platform));
		expect(await node.methods.loadOptions.getWhatsAppAccounts.call(context)).toEqual([
			{ name: '+639171110000 (connected)', value: WA_ACCOUNTS[0].unique },
			{ name: '+639172220000 (disconnected)', value: WA_ACCOUNTS[1].unique },
			{ name: '639760713666 (connected)', value: WA_ACCOUNTS[2].unique },
		]);
	});

	it('lists SMSGate’s devices', async () => {
		const { context } = loadOptionsContext(smsGateCredential(smsGate));
		expect(await node.methods.loadOptions.getDevices.call(context)).toEqual([
			{ name: 'Pixel 7a', value: 'dev-pixel-7a', description: 'dev-pixel-7a' },
		]);
	});

	it('retries a read whose connection broke, because reading twice is harmless', async () => {
		platform.failNext('/api/get/devices', { kind: 'drop' });
		const { context, calls } = loadOptionsContext(platformCredential(platform));
		const options = await node.methods.loadOptions.getDevices.call(context);
		expect(calls).toHaveLength(2);
		expect(options).toHaveLength(2);
	});

	it('retries a read the platform failed with a server error', async () => {
		platform.failNext('/api/get/devices', { kind: 'status', status: 500, message: 'Database busy', httpStatus: 500 });
		const { context } = loadOptionsContext(platformCredential(platform));
		expect(await node.methods.loadOptions.getDevices.call(context)).toHaveLength(2);
		expect(platform.requests).toHaveLength(2);
	});

	it('shows the gateway’s message when the dropdown cannot load', async () => {
		const { context } = loadOptionsContext(platformCredential(platform, 'stale-secret-000'));
		const error = await errorOf(node.methods.loadOptions.getDevices.call(context));
		expect(error.message).toBe('Invalid API secret supplied!');
		expect(platform.requests).toHaveLength(1); // a refusal is an answer, not a reason to retry
	});
});

describe('credential test', () => {

	it.each([
		['a good platform secret', () => platformCredential(platform), { status: 'OK', message: 'Connected to the platform' }],
		[
			'a wrong platform secret (HTTP 200 with status 401)',
			() => platformCredential(platform, 'wrong-secret-123'),
			{ status: 'Error', message: 'Invalid API secret supplied!' },
		],
		['a platform URL without /api', () => ({ ...platformCredential(platform), baseUrl: platform.url }), { status: 'Error', message: 'Invalid API endpoint!' }],
		['good SMSGate credentials', () => smsGateCredential(smsGate), { status: 'OK', message: 'Connected to SMSGate' }],
		['a wrong SMSGate password', () => smsGateCredential(smsGate, 'wrong-password-1'), { status: 'Error', message: 'Unauthorized' }],
		['a URL without a scheme', () => ({ ...platformCredential(platform), baseUrl: '127.0.0.1/api' }), { status: 'Error', message: 'The URL must start with http:// or https://' }],
	])('reports %s', async (_case, credential, expected) => {
		expect(await testCredential(credential())).toEqual(expected);
	});

	it('reports an unreachable gateway without the secret', async () => {
		const result = await testCredential({ provider: 'platform', baseUrl: 'http://127.0.0.1:1/api', apiSecret: PLATFORM_SECRET });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Could not reach the gateway: .*ECONNREFUSED/);
		expect(result.message).not.toContain(PLATFORM_SECRET);
	});

	it('asks the platform with the secret as a parameter and SMSGate with basic auth', async () => {
		platform.requests.length = 0;
		smsGate.requests.length = 0;
		await testCredential(platformCredential(platform));
		await testCredential(smsGateCredential(smsGate));
		expect(platform.requests.map((request) => [request.path, request.query])).toEqual([['/api/get/credits', { secret: PLATFORM_SECRET }]]);
		expect(smsGate.requests.map((request) => [request.path, request.authorization])).toEqual([
			['/messages', `Basic ${Buffer.from(`sms:${SMSGATE_PASSWORD}`).toString('base64')}`],
		]);
	});
});
