import {
	DEFAULT_RETRY_POLICY,
	backoffDelayMs,
	classifyNetworkError,
	classifyResponse,
	isRetryable,
	retryAfterHeaderMs,
} from '../../nodes/shared/transport/retry';
import { ELEVEN_LABS } from '../../nodes/elevenLabs/errors';
import { SYNC_LABS } from '../../nodes/sync/errors';

describe('retry policy', () => {
	it('tells a concurrency 429 from a rate-limit 429, for both vendors', () => {
		const sync = SYNC_LABS.concurrencyCodes;
		const elevenLabs = ELEVEN_LABS.concurrencyCodes;
		expect(classifyResponse({ httpCode: 429, code: 'concurrency_limit_reached' }, sync)).toBe(
			'concurrency',
		);
		expect(classifyResponse({ httpCode: 429, code: 'concurrent_limit_exceeded' }, elevenLabs)).toBe(
			'concurrency',
		);
		expect(
			classifyResponse({ httpCode: 429, code: 'too_many_concurrent_requests' }, elevenLabs),
		).toBe('concurrency');
		expect(classifyResponse({ httpCode: 429, code: 'rate_limit_exceeded' }, sync)).toBe(
			'rate_limit',
		);
		expect(classifyResponse({ httpCode: 429, code: 'system_busy' }, elevenLabs)).toBe('rate_limit');
		expect(classifyResponse({ httpCode: 429 }, sync)).toBe('rate_limit');
	});

	it('treats 5xx and 408 as server failures and other 4xx as final', () => {
		expect(classifyResponse({ httpCode: 500 })).toBe('server');
		expect(classifyResponse({ httpCode: 503 })).toBe('server');
		expect(classifyResponse({ httpCode: 408 })).toBe('server');
		for (const status of [400, 401, 402, 403, 404, 409, 413, 422]) {
			expect(classifyResponse({ httpCode: status })).toBe('fatal');
		}
	});

	it('knows which connection errors never reached the server', () => {
		expect(classifyNetworkError('ECONNREFUSED')).toBe('unsent');
		expect(classifyNetworkError('ENOTFOUND')).toBe('unsent');
		expect(classifyNetworkError('ECONNRESET')).toBe('network');
		expect(classifyNetworkError(undefined, 'socket hang up')).toBe('network');
		expect(classifyNetworkError('EPROTO', 'bad ssl')).toBe('fatal');
	});

	it('replays a possibly-processed request only when replaying is harmless', () => {
		expect(isRetryable('server', true)).toBe(true);
		expect(isRetryable('server', false)).toBe(false);
		expect(isRetryable('network', false)).toBe(false);
		expect(isRetryable('unsent', false)).toBe(true);
		expect(isRetryable('rate_limit', false)).toBe(true);
		expect(isRetryable('concurrency', false)).toBe(true);
		expect(isRetryable('fatal', true)).toBe(false);
	});

	it('backs off exponentially with jitter, within bounds', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
		expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
		expect(backoffDelayMs(3, policy, () => 1)).toBe(400);
		expect(backoffDelayMs(10, policy, () => 1)).toBe(1000);
		for (let attempt = 1; attempt < 8; attempt += 1) {
			const delay = backoffDelayMs(attempt, policy);
			const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
			expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
			expect(delay).toBeLessThanOrEqual(ceiling);
		}
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(retryAfterHeaderMs('3')).toBe(3000);
		expect(retryAfterHeaderMs(0)).toBe(0);
		const now = Date.parse('2026-11-21T10:00:00Z');
		expect(retryAfterHeaderMs('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(retryAfterHeaderMs('soon')).toBeUndefined();
		expect(retryAfterHeaderMs(undefined)).toBeUndefined();
	});
});
