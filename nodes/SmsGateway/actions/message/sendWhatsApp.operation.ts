import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { sendWhatsApp, type WhatsAppContent } from '../../api';
import { requiredText, sendOptions, timeoutMs, whatsAppAccountProperty, type CommonSendOptions } from '../common';

interface SendWhatsAppOptions extends CommonSendOptions {
	sendNow?: boolean;
}

const properties: INodeProperties[] = [
	{ ...whatsAppAccountProperty, required: true },
	{
		displayName: 'Recipient',
		name: 'recipient',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+639171234567',
		description: 'A phone number, or a group ID ending in @g.us',
	},
	{
		displayName: 'Content',
		name: 'contentType',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text' },
			{ name: 'Media by URL', value: 'media', description: 'An image, audio or video file' },
			{ name: 'Document by URL', value: 'document', description: 'A PDF, spreadsheet or other file' },
		],
		default: 'text',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		typeOptions: { rows: 4 },
		description: 'The text, or the caption of the media or document',
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/photo.jpg',
		displayOptions: { show: { contentType: ['media'] } },
	},
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Image', value: 'image' },
			{ name: 'Audio', value: 'audio' },
			{ name: 'Video', value: 'video' },
		],
		default: 'image',
		displayOptions: { show: { contentType: ['media'] } },
	},
	{
		displayName: 'Document URL',
		name: 'documentUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/invoice.pdf',
		displayOptions: { show: { contentType: ['document'] } },
	},
	{
		displayName: 'Document Name',
		name: 'documentName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'invoice.pdf',
		displayOptions: { show: { contentType: ['document'] } },
	},
	{
		displayName: 'Document Type',
		name: 'documentType',
		type: 'options',
		options: [
			{ name: 'PDF', value: 'pdf' },
			{ name: 'Word (DOCX)', value: 'docx' },
			{ name: 'Excel (XLSX)', value: 'xlsx' },
			{ name: 'CSV', value: 'csv' },
			{ name: 'Text', value: 'txt' },
		],
		default: 'pdf',
		displayOptions: { show: { contentType: ['document'] } },
	},
	sendOptions([
		{
			displayName: 'Send Now',
			name: 'sendNow',
			type: 'boolean',
			default: false,
			description: 'Whether to send before chats already queued at the gateway',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendWhatsApp'] } },
	properties,
);

function readContent(context: IExecuteFunctions, itemIndex: number): WhatsAppContent {
	const type = context.getNodeParameter('contentType', itemIndex, 'text') as WhatsAppContent['type'];
	if (type === 'media') {
		return {
			type,
			message: String(context.getNodeParameter('message', itemIndex, '')),
			mediaUrl: requiredText(context, 'mediaUrl', 'Media URL', itemIndex),
			mediaType: String(context.getNodeParameter('mediaType', itemIndex, 'image')),
		};
	}
	if (type === 'document') {
		return {
			type,
			message: String(context.getNodeParameter('message', itemIndex, '')),
			documentUrl: requiredText(context, 'documentUrl', 'Document URL', itemIndex),
			documentName: requiredText(context, 'documentName', 'Document Name', itemIndex),
			documentType: String(context.getNodeParameter('documentType', itemIndex, 'pdf')),
		};
	}
	return { type: 'text', message: requiredText(context, 'message', 'Message', itemIndex) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const account = requiredText(this, 'account', 'WhatsApp Account', itemIndex);
	const recipient = requiredText(this, 'recipient', 'Recipient', itemIndex);
	const content = readContent(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as SendWhatsAppOptions;

	const sent = await sendWhatsApp.call(this, {
		account,
		recipient,
		content,
		sendNow: options.sendNow === true,
		timeoutMs: timeoutMs(options),
		itemIndex,
	});
	return [{ json: { channel: 'whatsapp', ...sent, account, type: content.type }, pairedItem: { item: itemIndex } }];
}
