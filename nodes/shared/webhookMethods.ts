/**
 * `webhookMethods` for event triggers whose senders are configured by hand (the user
 * pastes the URL into a dashboard or a phone app): there is no remote API to register,
 * check or remove the webhook with, so each step simply succeeds.
 */
import type { IHookFunctions } from 'n8n-workflow';

export const manuallyConfiguredWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
