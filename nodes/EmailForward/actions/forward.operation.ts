/**
 * Forward: one email per input item, over one pooled SMTP connection per execution.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { SendMailOptions, SentMessageInfo, Transporter } from 'nodemailer';

import { downloadAttachment } from '../attachmentDownload';
import { eventInItem } from '../eventView';
import type { BodyFormat, ForwardOptions, ForwardParameters } from '../message';
import { buildMessage, parseAddresses } from '../message';
import { createPooledTransport, safeErrorMessage, type SmtpCredential } from '../transport';

export const SMTP_CREDENTIAL = 'smsGatewaySmtp';

export const description: INodeProperties[] = [
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'inbox@example.com, Jane Doe <jane@example.com>',
		description: 'Recipients, separated by commas',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		placeholder: 'SMS Gateway <gateway@example.com>',
		description: 'The sender. Empty uses the credential\'s user, which Gmail and Outlook require anyway.',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		placeholder: 'SMS from {{phone}}',
		description:
			'A template: {{field}} is replaced by the item\'s field. Empty gives a subject per event type, e.g. "SMS from +639760713666" or "USSD *143# reply".',
	},
	{
		displayName: 'Body Format',
		name: 'bodyFormat',
		type: 'options',
		default: 'htmlAndText',
		options: [
			{
				name: 'HTML and Plain Text',
				value: 'htmlAndText',
				description: 'A readable card of the event\'s fields, with a plain-text version for simple mail clients',
			},
			{ name: 'Plain Text', value: 'text', description: 'The event\'s fields as text only' },
			{ name: 'Custom Template', value: 'custom', description: 'Your own text and/or HTML with {{field}} placeholders' },
		],
	},
	{
		displayName: 'Custom Text',
		name: 'customText',
		type: 'string',
		typeOptions: { rows: 5 },
		default: 'From {{phone}}:\n\n{{message}}',
		displayOptions: { show: { bodyFormat: ['custom'] } },
		description: 'Plain-text body; {{field}} is replaced by the item\'s field',
	},
	{
		displayName: 'Custom HTML',
		name: 'customHtml',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		displayOptions: { show: { bodyFormat: ['custom'] } },
		description: 'HTML body (optional); {{field}} values are HTML-escaped',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Attach Event as JSON',
				name: 'attachEventJson',
				type: 'boolean',
				default: false,
				description: 'Whether to attach the item as a .json file, for archiving or re-importing',
			},
			{
				displayName: 'BCC',
				name: 'bcc',
				type: 'string',
				default: '',
				placeholder: 'archive@example.com',
				description: 'Hidden recipients, separated by commas',
			},
			{
				displayName: 'CC',
				name: 'cc',
				type: 'string',
				default: '',
				description: 'Copy recipients, separated by commas',
			},
			{
				displayName: 'Reply To',
				name: 'replyTo',
				type: 'string',
				default: '',
				description: 'Where replies to the email go',
			},
			{
				displayName: 'WhatsApp Attachment',
				name: 'whatsAppAttachment',
				type: 'options',
				default: 'link',
				options: [
					{
						name: 'Link',
						value: 'link',
						description: 'Show the attachment\'s URL as a link; the file is not downloaded',
					},
					{
						name: 'Download and Attach',
						value: 'attach',
						description:
							'Download the file through n8n (up to 20 MB) and attach it, e.g. when the WhatsApp server keeps media on a private network',
					},
					{ name: 'Leave Out', value: 'omit', description: 'Do not mention the attachment' },
				],
				description: 'What to do with the URL of a file attached to a WhatsApp chat',
			},
		],
	},
];

function readParameters(context: IExecuteFunctions, itemIndex: number): ForwardParameters {
	const bodyFormat = context.getNodeParameter('bodyFormat', itemIndex) as BodyFormat;
	return {
		to: context.getNodeParameter('to', itemIndex) as string | string[],
		from: context.getNodeParameter('from', itemIndex, '') as string,
		subject: context.getNodeParameter('subject', itemIndex, '') as string,
		bodyFormat,
		customText: bodyFormat === 'custom' ? (context.getNodeParameter('customText', itemIndex, '') as string) : undefined,
		customHtml: bodyFormat === 'custom' ? (context.getNodeParameter('customHtml', itemIndex, '') as string) : undefined,
		options: context.getNodeParameter('options', itemIndex, {}) as ForwardOptions,
	};
}

/** What the output item says about a sent email. */
function sentSummary(info: SentMessageInfo): IDataObject {
	const addresses = (list: unknown): string[] =>
		Array.isArray(list) ? list.map((entry) => (typeof entry === 'string' ? entry : String((entry as { address?: string }).address))) : [];
	return {
		messageId: info.messageId,
		accepted: addresses(info.accepted),
		rejected: addresses(info.rejected),
		response: info.response,
	};
}

/** With "Download and Attach", a WhatsApp event's attachment URL becomes a file in the email. */
async function addDownloadedAttachment(
	context: IExecuteFunctions,
	json: IDataObject,
	parameters: ForwardParameters,
	message: SendMailOptions,
): Promise<void> {
	if (parameters.options.whatsAppAttachment !== 'attach') return;
	const event = eventInItem(json);
	if (event?.type !== 'whatsapp' || event.attachment === undefined) return;
	const file = await downloadAttachment(context, event.attachment);
	message.attachments = [...(message.attachments ?? []), file];
}

/** The credential's user as a default sender, when it is an email address. */
function defaultSender(credential: SmtpCredential): string | undefined {
	try {
		const [address] = parseAddresses('From', credential.user ?? '');
		return address?.address;
	} catch {
		return undefined;
	}
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const credential = await this.getCredentials<SmtpCredential>(SMTP_CREDENTIAL);
	const defaultFrom = defaultSender(credential);
	const results: INodeExecutionData[] = [];
	let transport: Transporter | undefined;
	try {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const parameters = readParameters(this, itemIndex);
				const message = buildMessage(items[itemIndex].json, parameters, defaultFrom);
				await addDownloadedAttachment(this, items[itemIndex].json, parameters, message);
				// Built on first use, so that a bad credential is an error of the item like any other.
				transport ??= createPooledTransport(credential);
				const info = await transport.sendMail(message);
				results.push({ json: sentSummary(info), pairedItem: { item: itemIndex } });
			} catch (error) {
				// The password must never reach an item, a log or an error: only these texts leave.
				const message = safeErrorMessage(error, credential);
				const detail = error instanceof NodeApiError && error.description ? safeErrorMessage(error.description, credential) : undefined;
				if (this.continueOnFail()) {
					results.push({ json: { error: detail ? `${message}: ${detail}` : message }, pairedItem: { item: itemIndex } });
					continue;
				}
				throw new NodeOperationError(this.getNode(), message, { itemIndex, description: detail });
			}
		}
	} finally {
		// Ends the pooled connection also when an item failed and the execution stops.
		transport?.close();
	}
	return [results];
}
