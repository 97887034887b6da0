/**
 * n8n's genuine request helpers for unit tests, from n8n-core 2.8.1 (the version inside
 * n8n 2.8.x): `httpRequestWithAuthentication` runs n8n's own code (axios, proxy agents,
 * NodeApiError wrapping). The one piece n8n-core leaves to the n8n server, the
 * credentials helper, is stood in for here exactly as n8n's CredentialsHelper treats a
 * credential whose `authenticate` is a function: it calls it with the decrypted data.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestOptions,
	IRequestOptions,
	Workflow,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import {
	httpRequestWithAuthentication,
	proxyRequestToAxios,
} from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { SmsGatewayApi } from '../../credentials/SmsGatewayApi.credentials';
import { SmsGatewayWebhookApi } from '../../credentials/SmsGatewayWebhookApi.credentials';

/** The pack's credential types whose `authenticate` requests use. */
const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	smsGatewayApi: new SmsGatewayApi(),
	smsGatewayWebhookApi: new SmsGatewayWebhookApi(),
};

/** One call the node made through the helper, for tests that count attempts. */
export interface RecordedCall {
	credentialType: string;
	options: IHttpRequestOptions;
}

export interface RequestHelperOptions {
	/** Runs before each call is performed (e.g. to start a server before a retry). */
	beforeCall?: (attempt: number) => Promise<void> | void;
}

function credentialsHelper() {
	return {
		getParentTypes: () => [],
		preAuthentication: async () => undefined,
		async authenticate(
			credentials: ICredentialDataDecryptedObject,
			typeName: string,
			requestOptions: IHttpRequestOptions,
		): Promise<IHttpRequestOptions> {
			const type = CREDENTIAL_TYPES[typeName];
			if (typeof type?.authenticate !== 'function') throw new Error(`unknown credential type ${typeName}`);
			return await type.authenticate(credentials, requestOptions);
		},
	};
}

/**
 * `helpers` for `createExecuteContext`/`createLoadOptionsContext`: n8n-core's
 * `httpRequestWithAuthentication`, recording each call.
 */
export function n8nRequestHelpers(options: RequestHelperOptions = {}) {
	const calls: RecordedCall[] = [];
	const additionalData = { credentialsHelper: credentialsHelper() } as unknown as IWorkflowExecuteAdditionalData;
	const helpers = {
		async httpRequestWithAuthentication(
			this: IExecuteFunctions,
			credentialType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown> {
			calls.push({ credentialType, options: requestOptions });
			await options.beforeCall?.(calls.length);
			return await httpRequestWithAuthentication.call(
				this,
				credentialType,
				requestOptions,
				{} as Workflow,
				this.getNode(),
				additionalData,
			);
		},
	};
	return { helpers: helpers as Partial<IExecuteFunctions['helpers']>, calls };
}

/** The `request` helper n8n gives credential tests (n8n-core's CredentialTestContext). */
export async function credentialTestRequest(uriOrObject: string | object, requestOptions?: object): Promise<unknown> {
	return await proxyRequestToAxios(
		undefined,
		undefined,
		undefined,
		uriOrObject as string | IRequestOptions,
		requestOptions as IRequestOptions | undefined,
	);
}
