/**
 * n8n's real HTTP helpers for unit tests: `httpRequest` and `httpRequestWithAuthentication`
 * from n8n-core, the same code that sends a node's requests in n8n. The only stand-in is
 * the part of n8n's CredentialsHelper that applies a credential type's `authenticate`
 * (n8n calls a function-style `authenticate` with the decrypted credential and the
 * request options, exactly as done here).
 */
import {
	httpRequest,
	httpRequestWithAuthentication,
} from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestOptions,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

export function realHttpHelpers(credentialTypes: ICredentialType[]): Partial<IExecuteFunctions['helpers']> {
	const credentialsHelper = {
		getParentTypes: () => [],
		preAuthentication: async () => undefined,
		async authenticate(
			credentials: ICredentialDataDecryptedObject,
			typeName: string,
			requestOptions: IHttpRequestOptions,
		): Promise<IHttpRequestOptions> {
			const type = credentialTypes.find((candidate) => candidate.name === typeName);
			if (type === undefined) throw new Error(`unknown credential type ${typeName}`);
			if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
			if (type.authenticate !== undefined) throw new Error('generic authenticate is not supported by this stand-in');
			return requestOptions;
		},
	};
	const additionalData = { credentialsHelper } as unknown as IWorkflowExecuteAdditionalData;
	return {
		httpRequest: async (options: IHttpRequestOptions) => await httpRequest(options),
		async httpRequestWithAuthentication(this: IExecuteFunctions, credentialsType: string, options: IHttpRequestOptions) {
			return await httpRequestWithAuthentication.call(
				this,
				credentialsType,
				options,
				{} as Workflow,
				this.getNode(),
				additionalData,
			);
		},
	} as Partial<IExecuteFunctions['helpers']>;
}
