/** Replaces every occurrence of a secret in text or nested JSON with a fixed marker. */
const MARKER = '[redacted]';

export function redactText(text: string, secrets: readonly string[]): string {
	return secrets.reduce((result, secret) => result.split(secret).join(MARKER), text);
}

export function redactValue<T>(value: T, secrets: readonly string[]): T {
	if (secrets.length === 0) return value;
	if (typeof value === 'string') return redactText(value, secrets) as T;
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets)) as T;
	if (value !== null && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) copy[key] = redactValue(entry, secrets);
		return copy as T;
	}
	return value;
}
