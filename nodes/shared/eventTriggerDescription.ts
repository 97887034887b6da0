/**
 * The parameters both event triggers show: which events, how many outputs, filters and
 * options. One definition so that the two nodes look and behave alike.
 */
import type { INodeOutputConfiguration, INodeProperties, TriggerPanelDefinition } from 'n8n-workflow';

import { EVENT_TYPES, EVENT_TYPE_LABELS } from './events';

const PER_TYPE_OUTPUTS: INodeOutputConfiguration[] = EVENT_TYPES.map((type) => ({
	type: 'main',
	displayName: EVENT_TYPE_LABELS[type],
}));

/** `outputs` of an event trigger: one output, or one per event type (no Switch node needed). */
export const eventTriggerOutputs = `={{ $parameter.outputMode === "perType" ? ${JSON.stringify(
	PER_TYPE_OUTPUTS,
)} : ["main"] }}` as const;

/**
 * The trigger panel's help, as n8n's own webhook triggers give it: how to get a test
 * event, and that the Production URL is the one to keep.
 * @param senderPosts who posts the events ("the gateway posts", "phones post")
 * @param testStep how to send a test event to the Test URL
 * @param setUpProductionUrl where the Production URL goes
 */
export function eventTriggerPanel(senderPosts: string, testStep: string, setUpProductionUrl: string): TriggerPanelDefinition {
	const whileBuilding = `<b>While building your workflow</b>, click 'Listen for test event', ${testStep}: the event shows up here.`;
	return {
		header: '',
		executionsHelp: {
			inactive: `${whileBuilding}<br /><br /><b>To run automatically</b>, activate the workflow and ${setUpProductionUrl}. Every event then starts an execution, listed under Executions.`,
			active: `${whileBuilding}<br /><br /><b>Your workflow runs automatically</b> for every event ${senderPosts} to the Production URL; see the list of executions.`,
		},
		activationHint: `Once you've finished building your workflow, activate it and ${setUpProductionUrl}.`,
	};
}

export const eventTriggerSubtitle =
	'={{ ($parameter["events"] || []).length === 4 ? "All events" : ($parameter["events"] || []).join(", ") }}';

export const eventsProperty: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	required: true,
	default: [...EVENT_TYPES],
	description: 'The events that start the workflow; others are acknowledged and ignored',
	options: [
		{ name: 'Notification', value: 'notification', description: 'An Android notification on a device' },
		{ name: 'SMS Received', value: 'sms', description: 'An SMS received by a device' },
		{ name: 'USSD Response', value: 'ussd', description: 'The answer to a USSD request' },
		{ name: 'WhatsApp Chat', value: 'whatsapp', description: 'A WhatsApp chat received by an account' },
	],
};

export const outputModeProperty: INodeProperties = {
	displayName: 'Outputs',
	name: 'outputMode',
	type: 'options',
	default: 'single',
	options: [
		{ name: 'One Output', value: 'single', description: 'Every event leaves by the same output' },
		{
			name: 'One Output per Event Type',
			value: 'perType',
			description: 'SMS, WhatsApp, USSD and Notification outputs, so no Switch node is needed',
		},
	],
};

export const filtersProperty: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	description: 'Each filter applies to the event types that have its field; other types pass',
	options: [
		{
			displayName: 'App Packages',
			name: 'appPackages',
			type: 'string',
			default: '',
			placeholder: 'com.facebook.katana, com.whatsapp',
			description: 'Notifications only from these Android apps (comma-separated package names)',
		},
		{
			displayName: 'Device IDs',
			name: 'deviceIds',
			type: 'string',
			default: '',
			placeholder: '00000000-0000-0000-d57d-f30cb6a89289',
			description: 'Only events from these devices (comma-separated unique IDs)',
		},
		{
			displayName: 'Sender Numbers',
			name: 'senders',
			type: 'string',
			default: '',
			placeholder: '+639760713666, +15551234567',
			description: 'Only SMS and WhatsApp chats from these senders (comma-separated)',
		},
		{
			displayName: 'SIM Slot',
			name: 'simSlot',
			type: 'options',
			default: 'any',
			options: [
				{ name: 'Any', value: 'any' },
				{ name: 'SIM 1', value: '1' },
				{ name: 'SIM 2', value: '2' },
			],
			description: 'Only SMS and USSD events of this SIM slot',
		},
		{
			displayName: 'Skip Short Codes and Alphanumeric Senders',
			name: 'skipMachineSenders',
			type: 'boolean',
			default: true,
			description:
				'Whether to ignore messages from short codes (e.g. 2936) and named senders (e.g. GCASH): banks, carriers and other services',
		},
		{
			displayName: 'WhatsApp Accounts',
			name: 'whatsappAccounts',
			type: 'string',
			default: '',
			placeholder: '+639760713666',
			description: 'Only WhatsApp chats received by these accounts (comma-separated numbers)',
		},
	],
};

export const triggerOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Default Country Code',
			name: 'defaultCountryCode',
			type: 'string',
			default: '',
			placeholder: '63',
			description:
				'Writes sender numbers in E.164 form (+639171234567) using this country code for numbers written nationally (09171234567)',
		},
		{
			displayName: 'Include Raw Body',
			name: 'includeRaw',
			type: 'boolean',
			default: true,
			description: 'Whether to add the request body as received (without the secret) as the field "raw"',
		},
	],
};
