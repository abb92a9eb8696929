import { createHmac, timingSafeEqual } from 'crypto';

/** Why a webhook delivery was refused; `undefined` means the signature is valid. */
export type SignatureProblem = 'missing' | 'malformed' | 'mismatch' | 'stale';

const HEADER_PATTERN = /^t=(\d+),v1=([0-9a-f]+)$/i;

/**
 * Verifies Sync's `Sync-Signature: t=<unix seconds>,v1=<hex>` header: HMAC-SHA256 keyed with the
 * whole `whsec_...` secret over `"<t>.<raw body bytes>"`, compared in constant time, with the
 * timestamp no further than `toleranceSeconds` from now (0 turns the time check off).
 */
export function verifySyncSignature(
	header: string | undefined,
	rawBody: Buffer,
	secret: string,
	toleranceSeconds: number,
	nowSeconds = Math.floor(Date.now() / 1000),
): SignatureProblem | undefined {
	if (!header) return 'missing';
	const match = HEADER_PATTERN.exec(header.trim());
	if (!match) return 'malformed';
	const [, timestamp, signature] = match;
	const expected = createHmac('sha256', secret)
		.update(Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]))
		.digest();
	const given = Buffer.from(signature, 'hex');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'mismatch';
	if (toleranceSeconds > 0 && Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
		return 'stale';
	}
	return undefined;
}

/** The signing time (Unix seconds) a well-formed `Sync-Signature` header carries. */
export function signatureTimestamp(header: string | undefined): number | undefined {
	const match = header ? HEADER_PATTERN.exec(header.trim()) : null;
	return match ? Number(match[1]) : undefined;
}

export const SIGNATURE_PROBLEMS: Record<SignatureProblem, string> = {
	missing: 'The Sync-Signature header is missing',
	malformed: 'The Sync-Signature header is malformed',
	mismatch: 'The signature does not match the body',
	stale: 'The signature timestamp is outside the allowed window',
};
