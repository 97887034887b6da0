/**
 * The ingest trigger's own parameters; events, outputs, filters and options are the
 * shared trigger parameters, so both event triggers look and behave alike.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_REMEMBERED, DEFAULT_WINDOW_HOURS, MAX_REMEMBERED_LIMIT, MAX_WINDOW_HOURS } from './recentEvents';

export const setupNotice: INodeProperties = {
	displayName:
		'Point the phone\'s gateway app at the Production URL above and add one of the credential\'s device tokens as "?token=…" (or as an Authorization: Bearer / X-Device-Token header)',
	name: 'setupNotice',
	type: 'notice',
	default: '',
};

export const pathProperty: INodeProperties = {
	displayName: 'Path',
	name: 'path',
	type: 'string',
	default: 'sms-gateway-ingest',
	required: true,
	description: 'The last part of the webhook URL',
};

export const formatProperty: INodeProperties = {
	displayName: 'Input Format',
	name: 'format',
	type: 'options',
	default: 'auto',
	description: 'How phones post their events; Auto-Detect recognises each of the others by its fields',
	options: [
		{ name: 'Auto-Detect', value: 'auto', description: 'Recognise each request\'s format by its fields' },
		{
			name: 'Incoming SMS to URL Forwarder',
			value: 'incomingSmsToUrl',
			description: 'JSON with from, text, receivedStamp (ms) and sim; optional X-Signature',
		},
		{
			name: 'Platform Format',
			value: 'canonical',
			description: 'The gateway platform\'s {type, data} as JSON or form, with the device\'s own rid and device',
		},
		{
			name: 'SMSGate Webhook',
			value: 'smsgate',
			description: 'SMS Gateway for Android: {event, id, deviceId, payload}, signed with X-Signature',
		},
		{
			name: 'SmsForwarder',
			value: 'smsForwarder',
			description: 'Form with from, content, timestamp (ms) and sign',
		},
	],
};

export const retriesProperty: INodeProperties = {
	displayName: 'Retries',
	name: 'retries',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	description: 'Phones re-post an event when they miss the answer; a repeat is answered with the first id and starts nothing',
	options: [
		{
			displayName: 'Remember for (Hours)',
			name: 'windowHours',
			type: 'number',
			default: DEFAULT_WINDOW_HOURS,
			typeOptions: { minValue: 1, maxValue: MAX_WINDOW_HOURS },
			description: 'How long an event is remembered to recognise its retries',
		},
		{
			displayName: 'Remember at Most (Events)',
			name: 'maxRemembered',
			type: 'number',
			default: DEFAULT_MAX_REMEMBERED,
			typeOptions: { minValue: 100, maxValue: MAX_REMEMBERED_LIMIT },
			description: 'The most recent events remembered; older ones are forgotten first. Kept in the workflow\'s static data.',
		},
	],
};
