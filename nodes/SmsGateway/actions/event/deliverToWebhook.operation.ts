/**
 * Event → Deliver to Webhook: posts the input event to one or more webhook URLs exactly
 * as the hosted platform does (form `secret`, `type`, `data[...]`, or JSON), so consumers
 * written for the platform keep working with n8n in its place.
 *
 * The secret comes from the `smsGatewayWebhookApi` credential through n8n itself:
 * `httpRequestWithAuthentication` applies the credential's `authenticate`, which puts the
 * secret into the body. This operation never reads the credential, so the secret cannot
 * reach an item or an error message.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { isRecord } from '../../../shared/body';
import { splitList } from '../../../shared/eventFilters';
import type { GatewayEvent } from '../../../shared/events';
import { eventFromData, parseEventType } from '../../../shared/parseEvent';
import { validate } from '../../../shared/validation';
import {
	MAX_ATTEMPTS_LIMIT,
	deliver,
	deliveryRequest,
	platformPayload,
	type DeliveryEncoding,
	type DeliveryResult,
	type HttpAnswer,
	type SendRequest,
} from '../../../shared/webhookDelivery';

const showOnlyForDelivery = { show: { resource: ['event'], operation: ['deliverToWebhook'] } };

interface DeliveryOptions {
	timeout?: number;
	maxAttempts?: number;
	retryDelay?: number;
	pluralNotifications?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_MS = 1_000;

export const description: INodeProperties[] = [
	{
		displayName:
			'The input items must be events from the SMS Gateway Trigger or the SMS Gateway Ingest Trigger. The webhook secret comes from the SMS Gateway Webhook credential.',
		name: 'deliveryNotice',
		type: 'notice',
		default: '',
		displayOptions: showOnlyForDelivery,
	},
	{
		displayName: 'Webhook URLs',
		name: 'webhookUrls',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/sms-webhook.php',
		description: 'Where to post each event: one URL, or several separated by commas or new lines',
		displayOptions: showOnlyForDelivery,
	},
	{
		displayName: 'Body Format',
		name: 'deliveryEncoding',
		type: 'options',
		default: 'form',
		options: [
			{
				name: 'Form, Like the Platform',
				value: 'form',
				description: 'Secret=…&type=sms&data[id]=… form-encoded, as the hosted platform posts it',
			},
			{ name: 'JSON', value: 'json', description: '{"secret": …, "type": …, "data": {…}}' },
		],
		displayOptions: showOnlyForDelivery,
	},
	{
		displayName: 'Options',
		name: 'deliveryOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showOnlyForDelivery,
		options: [
			{
				displayName: 'Attempts',
				name: 'maxAttempts',
				type: 'number',
				default: DEFAULT_MAX_ATTEMPTS,
				typeOptions: { minValue: 1, maxValue: MAX_ATTEMPTS_LIMIT },
				description: 'How often to try a URL in all; network errors, timeouts and 5xx answers are retried',
			},
			{
				displayName: 'First Retry After (Ms)',
				name: 'retryDelay',
				type: 'number',
				default: DEFAULT_RETRY_DELAY_MS,
				typeOptions: { minValue: 0 },
				description: 'Wait before the first retry; each further retry waits twice as long (at most a minute)',
			},
			{
				displayName: 'Notification Type as "Notifications"',
				name: 'pluralNotifications',
				type: 'boolean',
				default: true,
				description:
					'Whether notification events are sent with type "notifications", as live platform webhooks do, rather than "notification" as its docs and test button do',
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				default: DEFAULT_TIMEOUT_MS,
				typeOptions: { minValue: 1 },
				description: 'How long to wait for each answer',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const event = readEvent.call(this, itemIndex);
	const urls = readUrls.call(this, itemIndex);
	const encoding = this.getNodeParameter('deliveryEncoding', itemIndex, 'form') as DeliveryEncoding;
	const options = this.getNodeParameter('deliveryOptions', itemIndex, {}) as DeliveryOptions;
	const policy = {
		timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
		maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
		retryDelayMs: options.retryDelay ?? DEFAULT_RETRY_DELAY_MS,
	};
	const payload = platformPayload(event, { pluralNotifications: options.pluralNotifications });

	const send: SendRequest = async (request) =>
		(await this.helpers.httpRequestWithAuthentication.call(this, 'smsGatewayWebhookApi', request)) as HttpAnswer;
	// All URLs at once: one slow consumer does not hold up the others.
	const results = await Promise.all(
		urls.map(async (url) => await deliver(url, deliveryRequest(url, payload, encoding, policy.timeoutMs), policy, send, sleep)),
	);

	const failed = results.filter((result) => !result.delivered);
	if (failed.length > 0) throw deliveryError.call(this, failed, results, itemIndex);
	return results.map((result) => ({
		json: { eventId: event.id, type: event.type, ...result } as unknown as IDataObject,
		pairedItem: { item: itemIndex },
	}));
}

/** The input item as an event, validated by the shared event model. */
function readEvent(this: IExecuteFunctions, itemIndex: number): GatewayEvent {
	const json: unknown = this.getInputData()[itemIndex]?.json;
	const parsed = validate(() => {
		const fields = isRecord(json) ? json : {};
		return eventFromData(parseEventType(fields.type), fields);
	});
	if (parsed.ok) return parsed.value;
	throw new NodeOperationError(this.getNode(), `The input item is not a gateway event: ${parsed.error.message}`, {
		itemIndex,
		description: 'Connect this node after an SMS Gateway Trigger or SMS Gateway Ingest Trigger, or build an item with the same fields.',
	});
}

function readUrls(this: IExecuteFunctions, itemIndex: number): string[] {
	const urls = splitList(String(this.getNodeParameter('webhookUrls', itemIndex, '')));
	if (urls.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Webhook URLs is empty: add at least one URL', { itemIndex });
	}
	for (const url of urls) {
		const protocol = URL.canParse(url) ? new URL(url).protocol : '';
		if (protocol !== 'http:' && protocol !== 'https:') {
			throw new NodeOperationError(this.getNode(), `Webhook URLs: "${url}" is not an http(s) URL`, { itemIndex });
		}
	}
	return urls;
}

function deliveryError(
	this: IExecuteFunctions,
	failed: DeliveryResult[],
	results: DeliveryResult[],
	itemIndex: number,
): NodeApiError {
	const summary = failed.map((result) => `${result.url}: ${result.error} (after ${result.attempts} attempt(s))`).join('; ');
	const delivered = results.filter((result) => result.delivered).map((result) => result.url);
	return new NodeApiError(this.getNode(), { results } as unknown as JsonObject, {
		message: `Delivery failed to ${failed.length} of ${results.length} webhook URL(s): ${summary}`,
		description: delivered.length > 0 ? `Delivered to: ${delivered.join(', ')}` : 'Nothing was delivered.',
		httpCode: failed[0].status > 0 ? String(failed[0].status) : undefined,
		itemIndex,
	});
}
