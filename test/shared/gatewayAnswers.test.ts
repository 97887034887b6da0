/**
 * Reading the gateways' answers and n8n's request errors, without a network: what counts
 * as success, and which failures could have delivered a request.
 */
import { connectionFailureOf, readGatewayAnswer } from '../../nodes/shared/gatewayAnswers';

describe('readGatewayAnswer', () => {
	it.each([
		['platform success', 'platform', 200, { status: 200, message: 'Message has been queued for sending!', data: { messageId: 7 } }, { ok: true, data: { messageId: 7 }, message: 'Message has been queued for sending!' }],
		['platform success as text', 'platform', 200, '{"status":200,"message":"ok","data":[]}', { ok: true, data: [], message: 'ok' }],
		['platform error inside HTTP 200', 'platform', 200, { status: 401, message: 'Invalid API secret supplied!', data: false }, { ok: false, status: 401, message: 'Invalid API secret supplied!' }],
		['platform status as a string', 'platform', 200, { status: '403', message: 'Quota exceeded!' }, { ok: false, status: 403, message: 'Quota exceeded!' }],
		['platform HTML page', 'platform', 200, '<html>Login</html>', { ok: false, status: 200, message: 'The platform answered with something that is not its JSON ("<html>Login</html>"); check the Base URL ends in /api' }],
		['platform HTTP 502', 'platform', 502, 'Bad Gateway', { ok: false, status: 502, message: 'Bad Gateway' }],
		['SMSGate accepted', 'smsgate', 202, { id: 'a1', state: 'Pending' }, { ok: true, data: { id: 'a1', state: 'Pending' } }],
		['SMSGate refused', 'smsgate', 400, { message: 'phoneNumbers is required' }, { ok: false, status: 400, message: 'phoneNumbers is required' }],
		['SMSGate refused without a body', 'smsgate', 401, '', { ok: false, status: 401, message: 'SMSGate answered HTTP 401' }],
	] as const)('%s', (_case, provider, statusCode, body, expected) => {
		expect(readGatewayAnswer(provider, statusCode, body)).toEqual(expected);
	});
});

describe('connectionFailureOf', () => {
	it.each([
		['refused (n8n puts the code in httpCode)', { httpCode: 'ECONNREFUSED', messages: ['connect ECONNREFUSED'] }, { code: 'ECONNREFUSED', mayHaveArrived: false }],
		['DNS failure', { code: 'ENOTFOUND' }, { code: 'ENOTFOUND', mayHaveArrived: false }],
		['temporary DNS failure', { cause: { code: 'EAI_AGAIN' } }, { code: 'EAI_AGAIN', mayHaveArrived: false }],
		['reset after sending', { httpCode: 'ECONNRESET', messages: ['socket hang up'] }, { code: 'ECONNRESET', mayHaveArrived: true }],
		['axios timeout', { httpCode: 'ECONNABORTED', messages: ['timeout of 1000ms exceeded'] }, { code: 'TIMEOUT', mayHaveArrived: true }],
		['aborted without timeout', { code: 'ECONNABORTED', message: 'aborted' }, { code: 'ECONNABORTED', mayHaveArrived: true }],
		['execution cancelled', { code: 'ERR_CANCELED', message: 'canceled' }, undefined],
		['an HTTP status', { httpCode: '500' }, undefined],
		['not an error object', 'boom', undefined],
	])('%s', (_case, error, expected) => {
		expect(connectionFailureOf(error)).toEqual(expected);
	});
});

