import { createHmac } from 'node:crypto';

import { verifySyncSignature } from '../../nodes/sync/signature';

const secret = 'whsec_test_secret';
const sign = (timestamp: number, body: string, key = secret) =>
	`t=${timestamp},v1=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;

describe('Sync webhook signature', () => {
	const body = '{"id":"gen-1","status":"COMPLETED"}';
	const now = 1_800_000_000;

	it('accepts a valid signature over the raw body', () => {
		expect(
			verifySyncSignature(sign(now, body), Buffer.from(body), secret, 300, now),
		).toBeUndefined();
	});

	it('refuses missing, malformed, wrong and stale signatures', () => {
		expect(verifySyncSignature(undefined, Buffer.from(body), secret, 300, now)).toBe('missing');
		expect(verifySyncSignature('v1=abc', Buffer.from(body), secret, 300, now)).toBe('malformed');
		expect(
			verifySyncSignature(sign(now, body, 'whsec_other'), Buffer.from(body), secret, 300, now),
		).toBe('mismatch');
		expect(verifySyncSignature(sign(now, body), Buffer.from(`${body} `), secret, 300, now)).toBe(
			'mismatch',
		);
		expect(verifySyncSignature(sign(now - 301, body), Buffer.from(body), secret, 300, now)).toBe(
			'stale',
		);
		expect(verifySyncSignature(sign(now + 301, body), Buffer.from(body), secret, 300, now)).toBe(
			'stale',
		);
		expect(
			verifySyncSignature(sign(now - 10_000, body), Buffer.from(body), secret, 0, now),
		).toBeUndefined();
	});

	it('does not throw on a truncated hex signature', () => {
		expect(verifySyncSignature(`t=${now},v1=ab`, Buffer.from(body), secret, 300, now)).toBe(
			'mismatch',
		);
	});
});
