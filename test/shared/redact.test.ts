import { redactText, redactValue } from '../../nodes/shared/redact';

describe('secret redaction', () => {
	it('removes every occurrence of every secret, in text and nested JSON', () => {
		const secrets = ['sk_live_123', 'whsec_abc'];
		expect(redactText('key sk_live_123 and sk_live_123, whsec_abc', secrets)).toBe(
			'key [redacted] and [redacted], [redacted]',
		);
		expect(
			redactValue({ a: ['x sk_live_123'], b: { c: 'whsec_abc' }, n: 3, z: null }, secrets),
		).toEqual({ a: ['x [redacted]'], b: { c: '[redacted]' }, n: 3, z: null });
	});
});
