/**
 * Posts to the SMS Gateway Ingest Trigger the way n8n hands it a request: JSON bodies
 * parsed, form bodies parsed with Node's querystring (flat keys), the raw bytes always
 * there. A `StaticDataStore` stands in for n8n's database row: each request works on its
 * own copy loaded at the start and saved at the end, so concurrent requests overwrite
 * each other's static data (last write wins) exactly as they do in n8n.
 */
import { createHmac } from 'crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SmsGatewayIngestTrigger } from '../../nodes/SmsGatewayIngest/SmsGatewayIngestTrigger.node';
import { createWebhookContext, type ParameterValue } from '../helpers/n8nContext';
import { asN8nFormBody } from '../helpers/platformBodies';

export const SHOP_TOKEN = 'shop-7fQ2v9XbLr4mZt8wK1';
export const OFFICE_TOKEN = 'office-p3Nw8sYc1HdF6qJe';
export const SMSGATE_KEY = 'smsgate-signing-key-9c1e';
export const FORWARDER_KEY = 'forwarder-hmac-key-4b7d';

export interface DeviceCredential extends ICredentialDataDecryptedObject {
	tokens: string;
	smsGateSigningSecret: string;
	forwarderSigningSecret: string;
}

export const UNSIGNED: DeviceCredential = {
	tokens: `${SHOP_TOKEN}:Shop phone, ${OFFICE_TOKEN}`,
	smsGateSigningSecret: '',
	forwarderSigningSecret: '',
};

export const SIGNED: DeviceCredential = { ...UNSIGNED, smsGateSigningSecret: SMSGATE_KEY, forwarderSigningSecret: FORWARDER_KEY };

export interface DevicePost {
	/** The body's bytes as the phone sends them. */
	raw: string;
	contentType: 'json' | 'form';
	headers?: Record<string, string>;
	query?: Record<string, string>;
}

export class StaticDataStore {
	saved: IDataObject = {};

	load(): IDataObject {
		return structuredClone(this.saved);
	}

	save(copy: IDataObject): void {
		this.saved = copy;
	}
}

export interface PostOptions {
	credential?: DeviceCredential;
	parameters?: Record<string, ParameterValue>;
	store?: StaticDataStore;
}

export interface IngestAnswer {
	status: number;
	body: IDataObject;
	/** The outputs of the execution it starts; undefined when it starts none. */
	outputs?: INodeExecutionData[][];
}

export async function postToIngest(post: DevicePost, options: PostOptions = {}): Promise<IngestAnswer> {
	const store = options.store ?? new StaticDataStore();
	const staticData = store.load();
	const { context, response } = createWebhookContext(
		{
			body: post.contentType === 'json' ? (JSON.parse(post.raw) as unknown) : asN8nFormBody(post.raw),
			rawBody: Buffer.from(post.raw, 'utf8'),
			headers: {
				'content-type': post.contentType === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
				...post.headers,
			},
			query: post.query ?? {},
		},
		{
			credentials: { smsGatewayDeviceApi: options.credential ?? UNSIGNED },
			parameters: { format: 'auto', ...options.parameters },
			staticData,
		},
	);
	const result = await new SmsGatewayIngestTrigger().webhook.call(context);
	store.save(staticData);
	if (result.noWebhookResponse) {
		return { status: response.statusCode ?? 0, body: response.body as IDataObject };
	}
	return { status: 200, body: result.webhookResponse as IDataObject, outputs: result.workflowData };
}

/** The single item of an execution with one output. */
export function onlyItem(answer: IngestAnswer): IDataObject {
	expect(answer.outputs).toHaveLength(1);
	expect(answer.outputs?.[0]).toHaveLength(1);
	return answer.outputs?.[0][0].json as IDataObject;
}

export function withToken(post: DevicePost, token = SHOP_TOKEN): DevicePost {
	return { ...post, query: { ...post.query, token } };
}

// ---- bodies as the apps send them ----

export const NOW = () => Math.floor(Date.now() / 1000);

export function canonicalJson(data: IDataObject, type = 'sms'): DevicePost {
	return withToken({ raw: JSON.stringify({ type, data }), contentType: 'json' });
}

export const SMS_DATA = {
	rid: 10593,
	sim: 1,
	device: '00000000-0000-0000-d57d-f30cb6a89289',
	phone: '+639760713666',
	message: 'Hello World!',
	timestamp: 1645684231,
};

export function smsGateEnvelope(overrides: IDataObject = {}, payload: IDataObject = {}): IDataObject {
	return {
		deviceId: 'ffffffffceb0b1db0000018e937c815b',
		event: 'sms:received',
		id: 'Ey6ECgOkVVFjz3CL48B8C',
		payload: {
			messageId: 'abc123',
			message: 'Android is always a sweet treat!',
			phoneNumber: '6505551212',
			simNumber: 1,
			receivedAt: '2024-06-22T15:46:11.000+07:00',
			...payload,
		},
		webhookId: 'wh-1',
		...overrides,
	};
}

/** An SMSGate request signed like the app: hex HMAC-SHA256 of raw body + X-Timestamp. */
export function signedSmsGatePost(envelope: IDataObject, key = SMSGATE_KEY, timestamp = NOW()): DevicePost {
	const raw = JSON.stringify(envelope);
	const signature = createHmac('sha256', key).update(raw + String(timestamp)).digest('hex');
	return withToken({
		raw,
		contentType: 'json',
		headers: { 'x-signature': signature, 'x-timestamp': String(timestamp) },
	});
}

/** "Incoming SMS to URL forwarder" JSON, optionally with X-Signature over the raw body. */
export function incomingSmsToUrlPost(fields: IDataObject, key?: string, encoding: 'hex' | 'base64' = 'hex'): DevicePost {
	const raw = JSON.stringify(fields);
	const headers: Record<string, string> = {};
	if (key !== undefined) headers['x-signature'] = createHmac('sha256', key).update(raw).digest(encoding);
	return withToken({ raw, contentType: 'json', headers });
}

/** SmsForwarder's form: sign = base64 HMAC-SHA256(secret, timestamp + "\n" + secret), URL-encoded. */
export function smsForwarderPost(fields: Record<string, string>, key?: string): DevicePost {
	const form = new URLSearchParams(fields);
	if (key !== undefined) {
		const sign = createHmac('sha256', key).update(`${fields.timestamp}\n${key}`).digest('base64');
		form.set('sign', encodeURIComponent(sign));
	}
	return withToken({ raw: form.toString(), contentType: 'form' });
}
