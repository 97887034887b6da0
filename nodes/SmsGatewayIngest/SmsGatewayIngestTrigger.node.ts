import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
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
import { formatProperty, pathProperty, retriesProperty, setupNotice } from './description';
import { deviceTokenProblems, parseDeviceTokens } from './deviceTokens';
import type { FormatChoice } from './formats';
import { receiveDevicePost, type IngestKeys, type IngestSettings } from './ingestRequest';
import { DEFAULT_MAX_REMEMBERED, DEFAULT_WINDOW_HOURS, processMemoryFor } from './recentEvents';

interface DeviceCredential {
	tokens: string;
	smsGateSigningSecret?: string;
	forwarderSigningSecret?: string;
}

interface RetrySettings {
	windowHours?: number;
	maxRemembered?: number;
}

export class SmsGatewayIngestTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Gateway Ingest Trigger',
		name: 'smsGatewayIngestTrigger',
		icon: { light: 'file:../../icons/sms-gateway-ingest.svg', dark: 'file:../../icons/sms-gateway-ingest.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventTriggerSubtitle,
		description:
			'Starts the workflow when an Android gateway or forwarder app posts an SMS (or the platform\'s other events) straight to n8n',
		defaults: { name: 'SMS Gateway Ingest Trigger' },
		inputs: [],
		outputs: eventTriggerOutputs,
		triggerPanel: eventTriggerPanel(
			'phones post',
			"put the Test URL into the phone app's webhook (with a device token) and send the phone an SMS",
			'give the phone app the Production URL',
		),
		credentials: [{ name: 'smsGatewayDeviceApi', required: true, testedBy: 'smsGatewayDeviceTokensTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Phones wait for the answer (SMSGate at most 30 s) and retry without one: answer on receipt.
				responseMode: 'onReceived',
				responseData: '',
				path: '={{$parameter["path"]}}',
			},
		],
		properties: [
			setupNotice,
			pathProperty,
			formatProperty,
			eventsProperty,
			outputModeProperty,
			filtersProperty,
			retriesProperty,
			triggerOptionsProperty,
		],
	};

	methods = {
		credentialTest: {
			async smsGatewayDeviceTokensTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const tokens = parseDeviceTokens(String(credential.data?.tokens ?? ''));
				const problems = deviceTokenProblems(tokens);
				if (problems.length > 0) return { status: 'Error', message: problems.join('; ') };
				const devices = tokens.map((entry) => entry.device).join(', ');
				return { status: 'OK', message: `${tokens.length} device token(s) set: ${devices}` };
			},
		},
	};

	// Phones are configured by hand with the URL: there is nothing to register remotely.
	webhookMethods = manuallyConfiguredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credential = await this.getCredentials<DeviceCredential>('smsGatewayDeviceApi');
		const keys: IngestKeys = {
			tokens: parseDeviceTokens(credential.tokens),
			smsGateSigningSecret: credential.smsGateSigningSecret ?? '',
			forwarderSigningSecret: credential.forwarderSigningSecret ?? '',
		};
		const retries = this.getNodeParameter('retries', {}) as RetrySettings;
		const settings: IngestSettings = {
			...readEventTriggerSettings(this),
			format: this.getNodeParameter('format', 'auto') as FormatChoice,
			recent: {
				windowSeconds: (retries.windowHours ?? DEFAULT_WINDOW_HOURS) * 3600,
				maxRemembered: retries.maxRemembered ?? DEFAULT_MAX_REMEMBERED,
			},
		};
		const request = this.getRequestObject() as { rawBody?: Buffer };
		// Test posts (editor waiting for an event) are remembered apart from production ones.
		const scope = `${this.getWorkflow().id ?? ''}|${this.getNode().id}|${this.getMode()}`;

		// From here on everything is synchronous: no other request can interleave.
		const outcome = receiveDevicePost(
			{
				body: this.getBodyData(),
				rawBody: request.rawBody,
				headers: this.getHeaderData() as Record<string, unknown>,
				query: this.getQueryData() as Record<string, unknown>,
			},
			keys,
			settings,
			{
				memory: processMemoryFor(scope),
				staticData: this.getWorkflowStaticData('node'),
				nowSeconds: Math.floor(Date.now() / 1000),
			},
		);

		switch (outcome.kind) {
			case 'rejected':
				return respondWithoutExecution(this, outcome.status, { status: 'error', message: outcome.message });
			case 'acknowledged':
				return { webhookResponse: { status: 'ok' } };
			case 'duplicate':
				return { webhookResponse: { status: 'ok', id: outcome.id, duplicate: true } };
			case 'ignored':
				return { webhookResponse: { status: 'ok', id: outcome.id, ignored: outcome.reason } };
			case 'accepted':
				return {
					webhookResponse: { status: 'ok', id: outcome.id },
					workflowData: routeToOutputs(outcome.event.type, outcome.item, settings.outputMode),
				};
		}
	}
}
