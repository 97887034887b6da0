import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { readEventTriggerSettings, respondWithoutExecution, routeToOutputs } from '../shared/eventTrigger';
import {
	eventsProperty,
	eventTriggerOutputs,
	eventTriggerPanel,
	eventTriggerSubtitle,
	filtersProperty,
	outputModeProperty,
	triggerOptionsProperty,
} from '../shared/eventTriggerDescription';
import { manuallyConfiguredWebhookMethods } from '../shared/webhookMethods';
import { testWebhookSecret } from '../shared/webhookSecretTest';
import { receivePlatformWebhook } from './platformWebhook';

interface WebhookCredential {
	secret: string;
}

export class SmsGatewayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Gateway Trigger',
		name: 'smsGatewayTrigger',
		icon: { light: 'file:../../icons/sms-gateway.svg', dark: 'file:../../icons/sms-gateway.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventTriggerSubtitle,
		description: 'Starts the workflow when the SMS gateway platform reports an SMS, WhatsApp chat, USSD response or notification',
		defaults: { name: 'SMS Gateway Trigger' },
		inputs: [],
		outputs: eventTriggerOutputs,
		triggerPanel: eventTriggerPanel(
			'the gateway posts',
			"copy the Test URL into the gateway's webhook and press its test button (or send an SMS)",
			"put the Production URL into the gateway's webhook settings",
		),
		credentials: [{ name: 'smsGatewayWebhookApi', required: true, testedBy: 'smsGatewayWebhookSecretTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The platform posts synchronously and has no timeout: answer on receipt.
				responseMode: 'onReceived',
				responseData: '',
				path: '={{$parameter["path"]}}',
			},
		],
		properties: [
			{
				displayName:
					'Copy the Production URL above into the gateway dashboard (Tools → Webhooks), tick the events to send and use the same secret as in the credential',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'sms-gateway',
				required: true,
				description: 'The last part of the webhook URL',
			},
			eventsProperty,
			outputModeProperty,
			filtersProperty,
			triggerOptionsProperty,
		],
	};

	methods = {
		credentialTest: {
			smsGatewayWebhookSecretTest: testWebhookSecret,
		},
	};

	// The platform has no API for registering webhooks: the user pastes the URL into its
	// dashboard, so there is nothing to create or delete remotely.
	webhookMethods = manuallyConfiguredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const { secret } = await this.getCredentials<WebhookCredential>('smsGatewayWebhookApi');
		const settings = readEventTriggerSettings(this);
		const request = this.getRequestObject() as { rawBody?: Buffer };
		const outcome = receivePlatformWebhook({ body: this.getBodyData(), rawBody: request.rawBody }, secret, settings);

		switch (outcome.kind) {
			case 'rejected':
				return respondWithoutExecution(this, outcome.status, { status: 'error', message: outcome.message });
			case 'ignored':
				return { webhookResponse: { status: 'ok', ignored: outcome.reason } };
			case 'accepted':
				return {
					webhookResponse: { status: 'ok' },
					workflowData: routeToOutputs(outcome.event.type, outcome.item, settings.outputMode),
				};
		}
	}
}
