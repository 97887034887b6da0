/**
 * Stand-ins for n8n's context objects, for unit tests of node methods. They are the only
 * mocks the suite uses: everything a node talks to (gateway APIs, SMTP) is a real server
 * on loopback. Parameters behave like n8n's: dotted paths (`options.timeout`), per-item
 * values (a function of the item index, like an expression), and the fallback.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	ILoadOptionsFunctions,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';

/** A parameter value, or a function of the item index standing in for an expression. */
export type ParameterValue = unknown | ((itemIndex: number) => unknown);

interface CommonOptions {
	parameters?: Record<string, ParameterValue>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Shared between contexts to simulate static data persisted across executions. */
	staticData?: IDataObject;
	node?: Partial<INode>;
	timezone?: string;
	/** The id `getWorkflow()` reports (default `workflow-under-test`). */
	workflowId?: string;
}

export interface ExecuteContextOptions extends CommonOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Helpers the node under test uses (e.g. a real HTTP implementation), merged in. */
	helpers?: Partial<IExecuteFunctions['helpers']>;
}

export interface WebhookRequest {
	body?: unknown;
	rawBody?: Buffer;
	headers?: Record<string, string>;
	query?: Record<string, string>;
}

/** What the node wrote to the response object directly (rejections bypass n8n's answer). */
export interface RecordedResponse {
	statusCode?: number;
	body?: unknown;
}

export function testNode(overrides: Partial<INode> = {}): INode {
	return {
		id: 'node-under-test',
		name: 'Node Under Test',
		type: 'n8n-nodes-sms-gateway.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...overrides,
	};
}

function readPath(source: Record<string, unknown>, path: string): unknown {
	if (path in source) return source[path];
	let value: unknown = source;
	for (const segment of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as Record<string, unknown>)[segment];
	}
	return value;
}

function parameterReader(parameters: Record<string, ParameterValue>) {
	return (name: string, itemIndex: number, fallback?: unknown): unknown => {
		const value = readPath(parameters, name);
		const resolved = typeof value === 'function' ? (value as (index: number) => unknown)(itemIndex) : value;
		if (resolved === undefined) {
			if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
			return fallback;
		}
		return resolved;
	};
}

function credentialReader(credentials: Record<string, ICredentialDataDecryptedObject>) {
	return async (type: string) => {
		const data = credentials[type];
		if (!data) throw new Error(`Node does not have credentials of type "${type}"`);
		return data;
	};
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {}, verbose() {} };

export function createExecuteContext(options: ExecuteContextOptions = {}): IExecuteFunctions {
	const node = testNode(options.node);
	const staticData = options.staticData ?? {};
	const readParameter = parameterReader(options.parameters ?? {});
	const context = {
		getNode: () => node,
		getInputData: () => options.items ?? [{ json: {} }],
		getNodeParameter: readParameter,
		getCredentials: credentialReader(options.credentials ?? {}),
		continueOnFail: () => options.continueOnFail ?? false,
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: options.workflowId ?? 'workflow-under-test', name: 'Workflow Under Test', active: true }),
		getTimezone: () => options.timezone ?? 'UTC',
		getMode: () => 'trigger',
		logger: silentLogger,
		helpers: { ...options.helpers },
	};
	return context as unknown as IExecuteFunctions;
}

export interface WebhookContext {
	context: IWebhookFunctions;
	response: RecordedResponse;
}

export function createWebhookContext(request: WebhookRequest, options: CommonOptions = {}): WebhookContext {
	const node = testNode(options.node);
	const staticData = options.staticData ?? {};
	const readParameter = parameterReader(options.parameters ?? {});
	const response: RecordedResponse = {};
	const res = {
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
		send(body: unknown) {
			response.body = body;
			return res;
		},
		end() {
			return res;
		},
	};
	const req = {
		body: request.body,
		rawBody: request.rawBody,
		headers: request.headers ?? {},
		query: request.query ?? {},
	};
	const context = {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown) => readParameter(name, 0, fallback),
		getCredentials: credentialReader(options.credentials ?? {}),
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: options.workflowId ?? 'workflow-under-test', name: 'Workflow Under Test', active: true }),
		getBodyData: () => request.body ?? {},
		getHeaderData: () => req.headers,
		getQueryData: () => req.query,
		getRequestObject: () => req,
		getResponseObject: () => res,
		getTimezone: () => options.timezone ?? 'UTC',
		getMode: () => 'webhook',
		logger: silentLogger,
		helpers: {},
	};
	return { context: context as unknown as IWebhookFunctions, response };
}

export interface LoadOptionsContextOptions extends CommonOptions {
	helpers?: Partial<ILoadOptionsFunctions['helpers']>;
}

/** Context of a `methods.loadOptions` function (a dropdown being filled in the editor). */
export function createLoadOptionsContext(options: LoadOptionsContextOptions = {}): ILoadOptionsFunctions {
	const node = testNode(options.node);
	const readParameter = parameterReader(options.parameters ?? {});
	const context = {
		getNode: () => node,
		getCurrentNodeParameter: (name: string) => readParameter(name, 0, null) ?? undefined,
		getNodeParameter: (name: string, fallback?: unknown) => readParameter(name, 0, fallback),
		getCredentials: credentialReader(options.credentials ?? {}),
		getTimezone: () => options.timezone ?? 'UTC',
		logger: silentLogger,
		helpers: { ...options.helpers },
	};
	return context as unknown as ILoadOptionsFunctions;
}

/** Context of a `methods.credentialTest` function; n8n gives it only the `request` helper. */
export function createCredentialTestContext(
	request: ICredentialTestFunctions['helpers']['request'],
): ICredentialTestFunctions {
	return { logger: silentLogger, helpers: { request } } as unknown as ICredentialTestFunctions;
}
