/**
 * Builds the email for one item from the node's parameters. Pure: no n8n, no network,
 * so every rule about addresses, subjects and bodies is tested without a mail server.
 */
import type { IDataObject } from 'n8n-workflow';
import type { SendMailOptions } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';

import { renderTemplate } from '../shared/template';
import { preview } from '../shared/validation';
import { defaultTitle, viewOf } from './eventView';
import { escapeHtml, renderHtml, renderText } from './render';

export type BodyFormat = 'htmlAndText' | 'text' | 'custom';
export type AttachmentHandling = 'link' | 'attach' | 'omit';

export interface ForwardOptions {
	cc?: string | string[];
	bcc?: string | string[];
	replyTo?: string | string[];
	attachEventJson?: boolean;
	whatsAppAttachment?: AttachmentHandling;
}

export interface ForwardParameters {
	to: string | string[];
	from: string;
	/** A `{{field}}` template; empty means the default subject of the event type. */
	subject: string;
	bodyFormat: BodyFormat;
	customText?: string;
	customHtml?: string;
	options: ForwardOptions;
}

/** A parameter the user has to fix; the message names it. */
export class ParameterError extends Error {
	constructor(
		readonly parameter: string,
		problem: string,
	) {
		super(`${parameter} ${problem}`);
		this.name = 'ParameterError';
	}
}

/** Subjects longer than this are cut: mail clients show about 80 characters anyway. */
const MAX_SUBJECT_LENGTH = 200;
/** A plain address: something@something, no spaces, no brackets. */
const MAILBOX = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/**
 * @param defaultFrom the sender when the From parameter is empty (the SMTP login, which
 * is what Gmail and Outlook insist on anyway)
 */
export function buildMessage(json: IDataObject, parameters: ForwardParameters, defaultFrom?: string): SendMailOptions {
	const { options } = parameters;
	const to = parseAddresses('To', parameters.to);
	if (to.length === 0) throw new ParameterError('To', 'is empty; give at least one email address');
	const from = parseAddresses('From', parameters.from === '' ? (defaultFrom ?? '') : parameters.from);
	if (from.length === 0) {
		throw new ParameterError('From', 'is empty and the credential\'s user is not an email address; set From');
	}
	if (from.length > 1) throw new ParameterError('From', 'must be a single address');

	// A template that renders to nothing (a missing field) falls back to the default.
	const subject = oneLine(renderTemplate(parameters.subject, json)) || oneLine(defaultTitle(json));
	const message: SendMailOptions = {
		from: from[0],
		to,
		cc: parseAddresses('CC', options.cc),
		bcc: parseAddresses('BCC', options.bcc),
		replyTo: parseAddresses('Reply To', options.replyTo),
		subject,
		...bodies(json, parameters),
	};
	if (options.attachEventJson === true) {
		message.attachments = [
			{ filename: jsonFileName(json), content: `${JSON.stringify(json, null, 2)}\n`, contentType: 'application/json' },
		];
	}
	return message;
}

function bodies(json: IDataObject, parameters: ForwardParameters): Pick<SendMailOptions, 'text' | 'html'> {
	const view = viewOf(json, { omitAttachment: parameters.options.whatsAppAttachment === 'omit' });
	switch (parameters.bodyFormat) {
		case 'htmlAndText':
			return { text: renderText(view), html: renderHtml(view) };
		case 'text':
			return { text: renderText(view) };
		case 'custom': {
			const text = parameters.customText ?? '';
			const html = parameters.customHtml ?? '';
			if (text.trim() === '' && html.trim() === '') {
				throw new ParameterError('Custom Text', 'and Custom HTML are both empty; write at least one');
			}
			return {
				...(text.trim() === '' ? {} : { text: renderTemplate(text, json) }),
				// The template is the user's HTML; the values put into it come from strangers.
				...(html.trim() === '' ? {} : { html: renderTemplate(html, json, escapeHtml) }),
			};
		}
		default:
			throw new ParameterError('Body Format', `must be htmlAndText, text or custom (got ${preview(parameters.bodyFormat)})`);
	}
}

/**
 * Addresses from a comma-separated string, a list, or an expression's result. Newlines
 * separate addresses too: they can never reach a header as a header break.
 */
export function parseAddresses(parameter: string, value: string | string[] | undefined): Array<{ name: string; address: string }> {
	if (value === undefined || value === null) return [];
	const lines = (Array.isArray(value) ? value.map(String) : [String(value)]).flatMap((text) => text.split(/[\r\n]+/));
	return lines.flatMap((line) => addressparser(line)).map((entry) => {
		if (entry.group !== undefined) {
			throw new ParameterError(parameter, `contains an address group (${preview(entry.name)}); list the addresses instead`);
		}
		if (!MAILBOX.test(entry.address)) {
			const shown = entry.address === '' ? entry.name : entry.address;
			throw new ParameterError(parameter, `contains ${preview(shown)}, which is not an email address`);
		}
		return { name: oneLine(entry.name), address: entry.address };
	});
}

/** A header value on one line: control characters and line breaks become spaces. */
export function oneLine(text: string): string {
	const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
	return flat.length > MAX_SUBJECT_LENGTH ? `${flat.slice(0, MAX_SUBJECT_LENGTH - 1)}…` : flat;
}

function jsonFileName(json: IDataObject): string {
	const type = typeof json.type === 'string' && /^[a-z]{1,20}$/i.test(json.type) ? json.type : 'item';
	const id = typeof json.id === 'number' || (typeof json.id === 'string' && /^\w{1,40}$/.test(json.id)) ? `-${json.id}` : '';
	return `${type}${id}.json`;
}
