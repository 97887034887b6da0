/**
 * The SMTP credential's test: connect, upgrade to TLS as configured, log in, and report
 * what the server said. Nothing is sent.
 */
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

import { createSingleUseTransport, safeErrorMessage, type SmtpCredential } from './transport';

export async function verifyCredential(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const credential = data as unknown as SmtpCredential;
	try {
		const transport = createSingleUseTransport(credential);
		try {
			await transport.verify();
		} finally {
			transport.close();
		}
	} catch (error) {
		// nodemailer's message carries the server's reply, e.g. "Invalid login: 535 5.7.8 …".
		return { status: 'Error', message: safeErrorMessage(error, credential) };
	}
	const login = credential.user ? ` and accepted the login of ${credential.user}` : '';
	return { status: 'OK', message: `${credential.host}:${credential.port} answered${login}` };
}
