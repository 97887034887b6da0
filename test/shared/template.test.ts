import { displayValue, renderTemplate, valueAt } from '../../nodes/shared/template';

const item = {
	type: 'sms',
	phone: '+639760713666',
	sim: 1,
	read: false,
	note: null,
	data: { phone: '+1555', tags: ['a', 'b'] },
	message: 'Hi {{phone}} <b>',
};

describe('renderTemplate: {{field}} placeholders over an item', () => {
	test.each([
		['SMS from {{phone}}', 'SMS from +639760713666'],
		['{{ phone }} / {{sim}} / {{read}}', '+639760713666 / 1 / false'],
		['nested {{data.phone}} and {{data.tags}}', 'nested +1555 and ["a","b"]'],
		['missing: "{{nope}}" "{{data.nope.deeper}}" "{{note}}"', 'missing: "" "" ""'],
		['not placeholders: {phone} {{}} {{ two words }}', 'not placeholders: {phone} {{}} {{ two words }}'],
		['inherited names are not fields: "{{constructor}}" "{{toString}}" "{{data.__proto__}}"', 'inherited names are not fields: "" "" ""'],
	])('%s', (template, expected) => {
		expect(renderTemplate(template, item)).toBe(expected);
	});

	test('a value containing a placeholder is not expanded again', () => {
		expect(renderTemplate('{{message}}', item)).toBe('Hi {{phone}} <b>');
	});

	test('values pass through the encoder; the template itself does not', () => {
		const shout = (text: string) => text.toUpperCase();
		expect(renderTemplate('<p>{{message}}</p>', item, shout)).toBe('<p>HI {{PHONE}} <B></p>');
	});
});

describe('valueAt and displayValue', () => {
	test('own fields only', () => {
		expect(valueAt(item, 'data.tags')).toEqual(['a', 'b']);
		expect(valueAt(item, 'phone.length')).toBeUndefined();
		expect(valueAt(item, 'hasOwnProperty')).toBeUndefined();
	});

	test.each([
		[undefined, ''],
		[null, ''],
		['text', 'text'],
		[0, '0'],
		[true, 'true'],
		[{ a: 1 }, '{"a":1}'],
	])('%p reads as %p', (value, expected) => {
		expect(displayValue(value)).toBe(expected);
	});
});
