/**
 * The gateway API calls the SMS Gateway node makes, for each provider, on top of the
 * shared transport. Operations describe parameters and shape items; the requests
 * themselves (paths, field names, answers) live here, once.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { isRecord } from '../shared/body';
import type { GatewayProvider } from '../shared/gatewayAnswers';
import { gatewayProvider, gatewayRequest, type GatewayContext } from '../shared/gatewayTransport';
import { asNodeError } from '../shared/nodeErrors';
import { comparableNumber } from '../shared/senders';

export interface SmsRequest {
	recipients: string[];
	text: string;
	/** Platform: the device's `unique` id; SMSGate: the device id (optional, cloud relay only). */
	device: string;
	sim: 1 | 2;
	priority: boolean;
	timeoutMs?: number;
	itemIndex: number;
}

/** One recipient's message as the gateway accepted it. */
export interface SentMessage {
	phone: string;
	messageId: string | number;
	status: string;
}

/** Platform `priority`: 1 sends before queued messages, 2 is the normal queue. */
const PLATFORM_PRIORITY = { high: 1, normal: 2 } as const;
/** SMSGate treats priority 100 and above as "skip the queue and the limits". */
const SMSGATE_HIGH_PRIORITY = 100;

/**
 * Sends `text` to every recipient. The platform takes one number per `/send/sms`; SMSGate
 * takes them all at once. If the platform fails part-way, the error names who already got
 * the message, so that nobody is texted twice when the user sends again.
 */
export async function sendSms(this: GatewayContext, request: SmsRequest): Promise<SentMessage[]> {
	const provider = await gatewayProvider.call(this);
	if (provider === 'smsgate') return await sendSmsThroughSmsGate.call(this, request);

	if (request.device === '') {
		throw new NodeOperationError(this.getNode(), 'Device is required: choose a device or set its ID', {
			itemIndex: request.itemIndex,
		});
	}
	const sent: SentMessage[] = [];
	for (const phone of request.recipients) {
		try {
			const result = await gatewayRequest.call(this, {
				method: 'POST',
				path: '/send/sms',
				kind: 'send',
				sends: 'SMS',
				fields: {
					mode: 'devices',
					phone,
					message: request.text,
					device: request.device,
					sim: request.sim,
					priority: request.priority ? PLATFORM_PRIORITY.high : PLATFORM_PRIORITY.normal,
				},
				timeoutMs: request.timeoutMs,
				itemIndex: request.itemIndex,
			});
			sent.push({ phone, messageId: messageIdOf(result.data), status: 'queued' });
		} catch (error) {
			const failure = asNodeError(this.getNode(), error, request.itemIndex);
			if (sent.length > 0) {
				const done = sent.map((message) => `${message.phone} (message ${message.messageId})`).join(', ');
				failure.message = `${failure.message} [sending to ${phone}; already queued: ${done}]`;
			}
			throw failure;
		}
	}
	return sent;
}

async function sendSmsThroughSmsGate(this: GatewayContext, request: SmsRequest): Promise<SentMessage[]> {
	const body: IDataObject = {
		textMessage: { text: request.text },
		phoneNumbers: request.recipients,
		simNumber: request.sim,
	};
	if (request.device !== '') body.deviceId = request.device;
	if (request.priority) body.priority = SMSGATE_HIGH_PRIORITY;
	const result = await gatewayRequest.call(this, {
		method: 'POST',
		path: '/messages',
		kind: 'send',
		sends: 'SMS',
		json: body,
		timeoutMs: request.timeoutMs,
		itemIndex: request.itemIndex,
	});
	const answer = isRecord(result.data) ? result.data : {};
	const id = typeof answer.id === 'string' || typeof answer.id === 'number' ? answer.id : '';
	const states = Array.isArray(answer.recipients) ? answer.recipients.filter(isRecord) : [];
	return request.recipients.map((phone) => {
		const state = states.find((recipient) => recipient.phoneNumber === phone)?.state ?? answer.state;
		return { phone, messageId: id, status: String(state ?? 'pending').toLowerCase() };
	});
}

export type WhatsAppContent =
	| { type: 'text'; message: string }
	| { type: 'media'; message: string; mediaUrl: string; mediaType: string }
	| { type: 'document'; message: string; documentUrl: string; documentName: string; documentType: string };

export interface WhatsAppRequest {
	/** The platform's `unique` id of the WhatsApp account. */
	account: string;
	/** A number, or a group JID (`…@g.us`). */
	recipient: string;
	content: WhatsAppContent;
	sendNow: boolean;
	timeoutMs?: number;
	itemIndex: number;
}

/** Sends one WhatsApp chat through the platform (multipart, as its API documents). */
export async function sendWhatsApp(this: GatewayContext, request: WhatsAppRequest): Promise<SentMessage> {
	await requirePlatform.call(this, 'WhatsApp messages', request.itemIndex);
	const { content } = request;
	const result = await gatewayRequest.call(this, {
		method: 'POST',
		path: '/send/whatsapp',
		kind: 'send',
		sends: 'WhatsApp message',
		encoding: 'multipart',
		fields: {
			account: request.account,
			recipient: request.recipient,
			type: content.type,
			message: content.message,
			priority: request.sendNow ? PLATFORM_PRIORITY.high : PLATFORM_PRIORITY.normal,
			media_url: content.type === 'media' ? content.mediaUrl : undefined,
			media_type: content.type === 'media' ? content.mediaType : undefined,
			document_url: content.type === 'document' ? content.documentUrl : undefined,
			document_name: content.type === 'document' ? content.documentName : undefined,
			document_type: content.type === 'document' ? content.documentType : undefined,
		},
		timeoutMs: request.timeoutMs,
		itemIndex: request.itemIndex,
	});
	return { phone: request.recipient, messageId: messageIdOf(result.data), status: 'queued' };
}

export interface UssdRequest {
	device: string;
	sim: 1 | 2;
	code: string;
	timeoutMs?: number;
	itemIndex: number;
}

/** Asks a device to dial a USSD code; the answer arrives later as a `ussd` event. */
export async function sendUssd(this: GatewayContext, request: UssdRequest): Promise<{ messageId: string | number }> {
	await requirePlatform.call(this, 'USSD requests', request.itemIndex);
	const result = await gatewayRequest.call(this, {
		method: 'POST',
		path: '/send/ussd',
		kind: 'send',
		sends: 'USSD request',
		fields: { code: request.code, sim: request.sim, device: request.device },
		timeoutMs: request.timeoutMs,
		itemIndex: request.itemIndex,
	});
	return { messageId: messageIdOf(result.data) };
}

export interface ListEntry {
	name: string;
	value: string;
	description?: string;
}

/** The gateway's devices, for the Device dropdown. */
export async function listDevices(this: GatewayContext): Promise<ListEntry[]> {
	const provider = await gatewayProvider.call(this);
	const path = provider === 'smsgate' ? '/devices' : '/get/devices';
	const { data } = await gatewayRequest.call(this, { method: 'GET', path, kind: 'read', fields: { limit: 100 } });
	const devices = Array.isArray(data) ? data.filter(isRecord) : [];
	return devices.map((device) => {
		const id = String(provider === 'smsgate' ? device.id : device.unique);
		const model = [device.manufacturer, device.version ? `Android ${String(device.version)}` : undefined]
			.filter((part) => part !== undefined && part !== '')
			.join(', ');
		return { name: String(device.name ?? id), value: id, description: model === '' ? id : `${model} · ${id}` };
	});
}

interface WhatsAppAccount {
	unique: string;
	phone: string;
	status?: string;
}

async function readWhatsAppAccounts(this: GatewayContext, itemIndex?: number): Promise<WhatsAppAccount[]> {
	await requirePlatform.call(this, 'WhatsApp messages', itemIndex ?? 0);
	const { data } = await gatewayRequest.call(this, {
		method: 'GET',
		path: '/get/wa.accounts',
		kind: 'read',
		fields: { limit: 100 },
		itemIndex,
	});
	const accounts = Array.isArray(data) ? data.filter(isRecord) : [];
	return accounts.map((account) => ({
		unique: String(account.unique ?? ''),
		phone: String(account.phone ?? ''),
		status: typeof account.status === 'string' ? account.status : undefined,
	}));
}

/** The gateway's WhatsApp accounts, for the Account dropdown. */
export async function listWhatsAppAccounts(this: GatewayContext): Promise<ListEntry[]> {
	const accounts = await readWhatsAppAccounts.call(this);
	return accounts.map((account) => ({
		name: account.status ? `${account.phone} (${account.status})` : account.phone,
		value: account.unique,
	}));
}

/**
 * The platform's id of the WhatsApp account with number `wid` (what a `whatsapp` event
 * names), to answer from the account that received the chat.
 */
export async function whatsAppAccountOf(this: GatewayContext, wid: string, itemIndex: number): Promise<string> {
	const accounts = await readWhatsAppAccounts.call(this, itemIndex);
	const wanted = comparableNumber(wid).replace(/^\+/, '');
	const account = accounts.find((candidate) => comparableNumber(candidate.phone).replace(/^\+/, '') === wanted);
	if (!account) {
		throw new NodeOperationError(
			this.getNode(),
			`No WhatsApp account with number ${wid} at the gateway; choose the account in "Reply From WhatsApp Account"`,
			{ itemIndex },
		);
	}
	return account.unique;
}

async function requirePlatform(this: GatewayContext, what: string, itemIndex: number): Promise<GatewayProvider> {
	const provider = await gatewayProvider.call(this);
	if (provider !== 'platform') {
		throw new NodeOperationError(
			this.getNode(),
			`The SMSGate app cannot send ${what}; use a credential for the hosted platform`,
			{ itemIndex },
		);
	}
	return provider;
}

function messageIdOf(data: unknown): string | number {
	if (isRecord(data) && (typeof data.messageId === 'number' || typeof data.messageId === 'string')) {
		return data.messageId;
	}
	return '';
}
