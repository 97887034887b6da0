/**
 * Runs the SMS Gateway node's `execute` the way n8n does, against a fake gateway on
 * loopback, with n8n-core's genuine request helpers.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SmsGateway } from '../../nodes/SmsGateway/SmsGateway.node';
import { PLATFORM_SECRET, SMSGATE_PASSWORD, SMSGATE_USER, type FakeGateway } from './fakeGateway';
import { createExecuteContext, type ParameterValue } from './n8nContext';
import { n8nRequestHelpers, type RecordedCall, type RequestHelperOptions } from './n8nRequests';

export function platformCredential(gateway: { url: string }, secret = PLATFORM_SECRET): ICredentialDataDecryptedObject {
	return { provider: 'platform', baseUrl: `${gateway.url}/api`, apiSecret: secret };
}

export function smsGateCredential(gateway: { url: string }, password = SMSGATE_PASSWORD): ICredentialDataDecryptedObject {
	return { provider: 'smsgate', serverUrl: gateway.url, username: SMSGATE_USER, password };
}

export interface RunOptions {
	credential: ICredentialDataDecryptedObject;
	parameters: Record<string, ParameterValue>;
	items?: INodeExecutionData[];
	staticData?: IDataObject;
	continueOnFail?: boolean;
	requests?: RequestHelperOptions;
	timezone?: string;
}

export interface RunResult {
	outputs: INodeExecutionData[][];
	/** Calls the node made through httpRequestWithAuthentication (attempts included). */
	calls: RecordedCall[];
}

export async function runSmsGatewayNode(options: RunOptions): Promise<RunResult> {
	const { helpers, calls } = n8nRequestHelpers(options.requests);
	const context = createExecuteContext({
		items: options.items,
		parameters: options.parameters,
		credentials: { smsGatewayApi: options.credential },
		continueOnFail: options.continueOnFail,
		staticData: options.staticData,
		timezone: options.timezone,
		helpers,
	});
	const outputs = await new SmsGateway().execute.call(context);
	return { outputs, calls };
}

/** Runs the node and returns the error it throws (fails the test if it does not throw). */
export async function errorOf(run: Promise<unknown>): Promise<Error & IDataObject> {
	try {
		await run;
	} catch (error) {
		return error as Error & IDataObject;
	}
	throw new Error('expected the node to throw');
}

export type { FakeGateway };
