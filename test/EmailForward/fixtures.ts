/**
 * What the Email Forward tests send: the platform's real webhook bodies turned into the
 * canonical items the trigger emits, and an SMTP credential pointing at a loopback sink.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { EmailForward } from '../../nodes/EmailForward/EmailForward.node';
import type { SmtpCredential } from '../../nodes/EmailForward/transport';
import { decodeBody } from '../../nodes/shared/body';
import { parseEvent } from '../../nodes/shared/parseEvent';
import { httpRequestStandIn } from '../helpers/httpRequestStandIn';
import { createExecuteContext, type ParameterValue } from '../helpers/n8nContext';
import { type FixtureName, asN8nFormBody, platformBody } from '../helpers/platformBodies';

export const SMTP_USER = 'gateway@example.com';
/** Distinctive, so that a test can prove it appears nowhere. */
export const SMTP_PASSWORD = 'Sup3r-Secret-smtp-pw-91c4';

/** The canonical item the trigger emits for a fixture webhook, with `changes` applied. */
export function eventItem(name: FixtureName, changes: IDataObject = {}): IDataObject {
	return { ...(parseEvent(decodeBody(asN8nFormBody(platformBody(name)))) as unknown as IDataObject), ...changes };
}

export function credentialFor(port: number, changes: Partial<SmtpCredential> = {}): SmtpCredential {
	return { host: '127.0.0.1', port, secure: false, user: '', password: '', ...changes };
}

export const DEFAULT_PARAMETERS: Record<string, ParameterValue> = {
	to: 'inbox@example.com',
	from: 'SMS Gateway <gateway@example.com>',
	subject: '',
	bodyFormat: 'htmlAndText',
	options: {},
};

export interface RunOptions {
	items: IDataObject[];
	credential: SmtpCredential;
	parameters?: Record<string, ParameterValue>;
	continueOnFail?: boolean;
}

/** Runs the node's execute() with n8n's context stand-in; the SMTP side is real. */
export async function runEmailForward(options: RunOptions): Promise<INodeExecutionData[]> {
	const context: IExecuteFunctions = createExecuteContext({
		items: options.items.map((json) => ({ json })),
		parameters: { ...DEFAULT_PARAMETERS, ...options.parameters },
		credentials: { smsGatewaySmtp: options.credential as unknown as ICredentialDataDecryptedObject },
		continueOnFail: options.continueOnFail,
		helpers: { httpRequest: httpRequestStandIn },
	});
	const [output] = await new EmailForward().execute.call(context);
	return output;
}
