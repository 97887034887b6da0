import { isAlphanumericSender, isMachineSender, isShortCode, toE164 } from '../../nodes/shared/senders';

describe('machine senders', () => {
	it.each([
		['2936', true, false],
		['21558', true, false],
		['8888 88', true, false],
		['GCASH', false, true],
		['Globe-Telecom', false, true],
		['+639760713666', false, false],
		['09171234567', false, false],
		['1234567', false, false],
	])('%j: short code %s, alphanumeric %s', (phone, shortCode, alphanumeric) => {
		expect(isShortCode(phone)).toBe(shortCode);
		expect(isAlphanumericSender(phone)).toBe(alphanumeric);
		expect(isMachineSender(phone)).toBe(shortCode || alphanumeric);
	});
});

describe('E.164', () => {
	it.each([
		['+639171234567', '63', '+639171234567'],
		['+63 917 123 4567', '63', '+639171234567'],
		['0063 917 123 4567', '63', '+639171234567'],
		['09171234567', '63', '+639171234567'],
		['(0917) 123-4567', '63', '+639171234567'],
		['9171234567', '63', '+639171234567'],
		['639171234567', '63', '+639171234567'],
		['030 1234567', '+49', '+49301234567'],
		['2936', '63', '2936'],
		['GCASH', '63', 'GCASH'],
		['09171234567', '', '09171234567'],
	])('%j with country %j → %j', (phone, country, expected) => {
		expect(toE164(phone, country)).toBe(expected);
	});
});
