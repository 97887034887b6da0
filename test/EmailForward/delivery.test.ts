/**
 * Email Forward against a real SMTP server on loopback: what arrives in the mailbox.
 */
import { randomBytes } from 'crypto';
import { type Server, createServer } from 'http';
import type { AddressInfo } from 'net';
import type { AddressObject } from 'mailparser';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_ATTACHMENT_BYTES } from '../../nodes/EmailForward/attachmentDownload';

import { SmtpSink } from '../helpers/smtpSink';
import { credentialFor, eventItem, runEmailForward } from './fixtures';

let sink: SmtpSink;

beforeEach(async () => {
	sink = await SmtpSink.start();
});

afterEach(async () => {
	await sink.stop();
});

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
	const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
	return list.flatMap((object) => object.value.map((entry) => entry.address ?? ''));
}

describe('Email Forward: the email a gateway event becomes', () => {
	test('an SMS arrives as HTML and plain text with the default subject and all its fields', async () => {
		const output = await runEmailForward({ items: [eventItem('sms')], credential: credentialFor(sink.port) });

		expect(sink.messages).toHaveLength(1);
		const mail = await sink.parsed(0);
		expect(mail.subject).toBe('SMS from +639760713666');
		expect(mail.from?.value).toEqual([{ name: 'SMS Gateway', address: 'gateway@example.com' }]);
		expect(addresses(mail.to)).toEqual(['inbox@example.com']);
		expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
		expect(mail.text).toBe(
			[
				'SMS from +639760713666',
				'',
				'Hello World!',
				'',
				'From: +639760713666',
				'Received: 2022-02-24T06:30:31.000Z',
				'SIM: 1',
				'Device: 00000000-0000-0000-d57d-f30cb6a89289',
				'ID: 2',
				'Device message ID: 10593',
				'',
			].join('\n'),
		);
		expect(mail.html).toContain('>Hello World!</td>');
		expect(mail.html).toContain('>+639760713666</td>');
		expect(mail.html).toContain('>Device message ID</td>');

		expect(output).toEqual([
			{
				json: {
					messageId: mail.messageId,
					accepted: ['inbox@example.com'],
					rejected: [],
					response: expect.stringMatching(/^250 /),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each([
		['whatsapp', 'WhatsApp from +639760666713 to +639760713666', 'Hello World!'],
		['ussd', 'USSD *143# reply', 'Sorry! You are not allowed to use this service.'],
		['notifications', 'com.facebook.katana: Someone commented on your post!', 'Someone commented on your post!'],
	] as const)('a %s event gets the subject "%s"', async (fixture, subject, mainText) => {
		await runEmailForward({ items: [eventItem(fixture)], credential: credentialFor(sink.port) });

		const mail = await sink.parsed(0);
		expect(mail.subject).toBe(subject);
		expect(mail.text?.split('\n')[2]).toBe(mainText);
		expect(mail.html).toContain(`>${mainText}</td>`);
	});

	test('markup in an SMS is shown as text in the HTML part, never run', async () => {
		const attack = '<script>alert("pwned")</script><img src=x onerror=alert(1)> & "quotes"';
		await runEmailForward({
			items: [eventItem('sms', { message: attack, phone: '<b>+1</b>' })],
			credential: credentialFor(sink.port),
		});

		const mail = await sink.parsed(0);
		const html = String(mail.html);
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<img');
		expect(html).not.toContain('<b>+1</b>');
		expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
		// The plain-text part is text: it carries the message exactly.
		expect(mail.text).toContain(attack);
		expect(mail.subject).toBe('SMS from <b>+1</b>');
	});

	test('a subject template with Korean and emoji arrives intact, encoded as the standard says', async () => {
		const message = '안녕하세요! 택배가 도착했습니다 📦🚚';
		await runEmailForward({
			items: [eventItem('sms', { message })],
			credential: credentialFor(sink.port),
			parameters: { subject: '[{{type}}] {{phone}}: {{message}}' },
		});

		const mail = await sink.parsed(0);
		expect(mail.subject).toBe(`[sms] +639760713666: ${message}`);
		const rawSubject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(sink.messages[0].raw.toString('latin1'))?.[1] ?? '';
		expect(rawSubject).toMatch(/=\?UTF-8\?[BQ]\?/);
		expect(rawSubject).toMatch(/^[\x00-\x7f]*$/);
		expect(mail.text).toContain(message);
		expect(mail.html).toContain(message);
	});

	test('line breaks in a value can never start a new header', async () => {
		await runEmailForward({
			items: [eventItem('sms', { message: 'hi\r\nBcc: victim@evil.example\r\nX-Injected: yes\n\nbody' })],
			credential: credentialFor(sink.port),
			parameters: { subject: '{{message}}' },
		});

		const mail = await sink.parsed(0);
		expect(mail.subject).toBe('hi Bcc: victim@evil.example X-Injected: yes body');
		expect(mail.headers.has('x-injected')).toBe(false);
		expect(mail.headers.has('bcc')).toBe(false);
		expect(sink.messages[0].envelope.to).toEqual(['inbox@example.com']);
	});

	test('the event can travel along as a JSON attachment', async () => {
		const item = eventItem('sms');
		await runEmailForward({
			items: [item],
			credential: credentialFor(sink.port),
			parameters: { options: { attachEventJson: true } },
		});

		const mail = await sink.parsed(0);
		expect(mail.attachments).toHaveLength(1);
		const [attachment] = mail.attachments;
		expect(attachment.filename).toBe('sms-2.json');
		expect(attachment.contentType).toBe('application/json');
		expect(JSON.parse(attachment.content.toString('utf8'))).toEqual(item);
		// The bodies are still there beside it.
		expect(mail.text).toContain('Hello World!');
		expect(mail.html).toContain('Hello World!');
	});

	describe('a WhatsApp attachment URL', () => {
		const url = 'https://media.example.com/files/photo 1.jpg?token=a&b=c';

		test('is a link by default and is not downloaded', async () => {
			await runEmailForward({ items: [eventItem('whatsapp', { attachment: url })], credential: credentialFor(sink.port) });

			const mail = await sink.parsed(0);
			expect(mail.html).toContain(`<a href="${url.replace(/&/g, '&amp;')}">`);
			expect(mail.text).toContain(`Attachment: ${url}`);
			expect(mail.attachments).toEqual([]);
		});

		test('is left out when asked', async () => {
			await runEmailForward({
				items: [eventItem('whatsapp', { attachment: url })],
				credential: credentialFor(sink.port),
				parameters: { options: { whatsAppAttachment: 'omit' } },
			});

			const mail = await sink.parsed(0);
			expect(mail.html).not.toContain('media.example.com');
			expect(mail.text).not.toContain('media.example.com');
		});

		test('that is not a web address is shown as text, not as a link', async () => {
			await runEmailForward({
				items: [eventItem('whatsapp', { attachment: 'javascript:alert(1)' })],
				credential: credentialFor(sink.port),
			});

			const mail = await sink.parsed(0);
			expect(mail.html).toContain('javascript:alert(1)');
			expect(mail.html).not.toContain('href');
		});
	});

	test('any item, not only gateway events, arrives as a table of its fields', async () => {
		await runEmailForward({
			items: [{ customer: 'Ana <ana@example.com>', total: 12.5, paid: true, lines: [{ sku: 'A1' }] }],
			credential: credentialFor(sink.port),
		});

		const mail = await sink.parsed(0);
		expect(mail.subject).toBe('Item from n8n');
		expect(mail.text).toBe(
			['Item from n8n', '', 'customer: Ana <ana@example.com>', 'total: 12.5', 'paid: true', 'lines: [{"sku":"A1"}]', ''].join('\n'),
		);
		expect(mail.html).toContain('>Ana &lt;ana@example.com&gt;</td>');
		expect(mail.html).toContain('>[{&quot;sku&quot;:&quot;A1&quot;}]</td>');
	});

	test('text only sends a single plain-text part', async () => {
		await runEmailForward({ items: [eventItem('ussd')], credential: credentialFor(sink.port), parameters: { bodyFormat: 'text' } });

		const mail = await sink.parsed(0);
		expect(mail.html).toBe(false);
		expect(mail.headers.get('content-type')).toMatchObject({ value: 'text/plain' });
		expect(mail.text).toContain('Code: *143#');
	});

	test('custom templates fill in fields, escaping them in the HTML', async () => {
		await runEmailForward({
			items: [eventItem('sms', { message: '<i>hi</i> {{phone}}' })],
			credential: credentialFor(sink.port),
			parameters: {
				bodyFormat: 'custom',
				customText: 'From {{phone}} on SIM {{sim}}:\n{{message}}',
				customHtml: '<p><b>{{phone}}</b> wrote: {{message}}</p>',
			},
		});

		const mail = await sink.parsed(0);
		// `{{phone}}` inside the message is the stranger's text, not a placeholder.
		expect(mail.text).toBe('From +639760713666 on SIM 1:\n<i>hi</i> {{phone}}');
		expect(mail.html).toBe('<p><b>+639760713666</b> wrote: &lt;i&gt;hi&lt;/i&gt; {{phone}}</p>');
	});

	test('CC and Reply-To are headers; BCC recipients get the mail without being named', async () => {
		await runEmailForward({
			items: [eventItem('sms')],
			credential: credentialFor(sink.port),
			parameters: {
				to: '"Ops, Manila" <ops@example.com>, second@example.com',
				options: { cc: 'boss@example.com', bcc: 'archive@example.com', replyTo: 'support@example.com' },
			},
		});

		const mail = await sink.parsed(0);
		expect(mail.to).toMatchObject({ value: [{ name: 'Ops, Manila', address: 'ops@example.com' }, { address: 'second@example.com' }] });
		expect(addresses(mail.cc)).toEqual(['boss@example.com']);
		expect(addresses(mail.replyTo)).toEqual(['support@example.com']);
		expect(mail.headers.has('bcc')).toBe(false);
		expect(sink.messages[0].envelope.to).toEqual(['ops@example.com', 'second@example.com', 'boss@example.com', 'archive@example.com']);
	});

	test('an empty From uses the credential\'s user', async () => {
		await runEmailForward({
			items: [eventItem('sms')],
			credential: credentialFor(sink.port, { user: 'me@example.org' }),
			parameters: { from: '' },
		});

		expect((await sink.parsed(0)).from?.value).toEqual([{ name: '', address: 'me@example.org' }]);
		expect(sink.messages[0].envelope.from).toBe('me@example.org');
	});

	test('To may come from an expression as a list, and per item', async () => {
		await runEmailForward({
			items: [eventItem('sms'), eventItem('sms', { id: 3 })],
			credential: credentialFor(sink.port),
			parameters: { to: (index: number) => (index === 0 ? ['a@example.com', 'b@example.com'] : 'c@example.com') },
		});

		expect(sink.messages.map((mail) => mail.envelope.to)).toEqual([['a@example.com', 'b@example.com'], ['c@example.com']]);
	});
});

describe('Email Forward: one connection per execution', () => {
	test('many items travel over one SMTP connection, closed when the execution ends', async () => {
		const items = Array.from({ length: 30 }, (_, index) => eventItem('sms', { id: index + 1, message: `message ${index + 1}` }));

		const output = await runEmailForward({ items, credential: credentialFor(sink.port) });

		expect(sink.messages).toHaveLength(30);
		expect(sink.connections).toBe(1);
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
		expect(new Set(output.map((item) => item.json.messageId)).size).toBe(30);
		const texts = await Promise.all(sink.messages.map(async (_, index) => (await sink.parsed(index)).text?.split('\n')[2]));
		expect(texts).toEqual(items.map((item) => item.message));
		await sink.allConnectionsClosed();
		expect(sink.closedConnections).toBe(1);
	});

	test('every execution opens its own connection and closes it', async () => {
		await runEmailForward({ items: [eventItem('sms'), eventItem('ussd')], credential: credentialFor(sink.port) });
		await runEmailForward({ items: [eventItem('whatsapp')], credential: credentialFor(sink.port) });

		expect(sink.messages).toHaveLength(3);
		expect(sink.connections).toBe(2);
		await sink.allConnectionsClosed();
	});
});

describe('Email Forward: "Download and Attach" for WhatsApp attachments', () => {
	const photo = randomBytes(50_000);
	const huge = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
	let media: Server;
	let mediaUrl: string;

	beforeAll(async () => {
		media = createServer((request, response) => {
			const path = new URL(request.url ?? '/', 'http://x').pathname;
			if (path === '/media/photo%201.jpg') {
				response.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
			} else if (path === '/media/huge.bin') {
				response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(huge);
			} else {
				response.writeHead(404).end('not here');
			}
		});
		await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', () => resolve()));
		mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/media`;
	});

	afterAll(async () => {
		await new Promise((resolve) => media.close(resolve));
	});

	const attach = { options: { whatsAppAttachment: 'attach' } };

	test('the file is downloaded and attached with its type; the link stays in the body', async () => {
		const url = `${mediaUrl}/photo%201.jpg?token=t0k3n`;

		const output = await runEmailForward({
			items: [eventItem('whatsapp', { attachment: url })],
			credential: credentialFor(sink.port),
			parameters: { options: { whatsAppAttachment: 'attach', attachEventJson: true } },
		});

		expect(output[0].json).toHaveProperty('messageId');
		const mail = await sink.parsed(0);
		expect(mail.attachments.map((file) => [file.filename, file.contentType])).toEqual([
			['whatsapp-2.json', 'application/json'],
			['photo_1.jpg', 'image/jpeg'],
		]);
		expect(mail.attachments[1].content.equals(photo)).toBe(true);
		expect(mail.text).toContain(`Attachment: ${url}`);
	});

	test('a file that cannot be downloaded is an error for its item, without the URL\'s token; the next item is still sent', async () => {
		const output = await runEmailForward({
			items: [eventItem('whatsapp', { attachment: `${mediaUrl}/gone.jpg?token=t0k3n` }), eventItem('sms')],
			credential: credentialFor(sink.port),
			parameters: attach,
			continueOnFail: true,
		});

		expect(output[0]).toEqual({
			json: { error: `The WhatsApp attachment could not be downloaded from ${mediaUrl}/gone.jpg: Request failed with status code 404` },
			pairedItem: { item: 0 },
		});
		expect(output[1].json).toHaveProperty('messageId');
		expect(sink.messages).toHaveLength(1);
	});

	test('without continueOnFail the execution stops, naming the item and the reason', async () => {
		const error = await runEmailForward({
			items: [eventItem('whatsapp', { attachment: `${mediaUrl}/gone.jpg` })],
			credential: credentialFor(sink.port),
			parameters: attach,
		}).catch((thrown: unknown) => thrown);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: `The WhatsApp attachment could not be downloaded from ${mediaUrl}/gone.jpg`,
			description: 'Request failed with status code 404',
			context: { itemIndex: 0 },
		});
	});

	test.each([
		['too large', () => `${mediaUrl}/huge.bin`, 'is 20.0 MB; mail servers refuse more than 20.0 MB'],
		['not a web address', () => 'file:///etc/passwd', 'is not an http(s) address, so it is not downloaded'],
	])('a file that is %s is refused', async (_case, url, problem) => {
		const output = await runEmailForward({
			items: [eventItem('whatsapp', { attachment: url() })],
			credential: credentialFor(sink.port),
			parameters: attach,
			continueOnFail: true,
		});

		expect(String(output[0].json.error)).toContain(problem);
		expect(sink.messages).toHaveLength(0);
	});

	test('events without an attachment are sent as usual', async () => {
		await runEmailForward({ items: [eventItem('whatsapp'), eventItem('sms')], credential: credentialFor(sink.port), parameters: attach });

		expect(sink.messages).toHaveLength(2);
		expect((await sink.parsed(0)).attachments).toEqual([]);
	});
});
