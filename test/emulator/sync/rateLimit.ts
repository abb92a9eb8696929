/** Sliding 60-second request-rate windows per API key and bucket (reference §1.1). */
export class RateLimiter {
	private readonly hits = new Map<string, number[]>();

	/** Records a hit; returns false (and records nothing) when the limit is already reached. */
	tryHit(apiKey: string, bucket: string, limitPerMinute: number, now = Date.now()): boolean {
		const key = `${apiKey}\u0000${bucket}`;
		const recent = (this.hits.get(key) ?? []).filter((t) => now - t < 60_000);
		if (recent.length >= limitPerMinute) {
			this.hits.set(key, recent);
			return false;
		}
		recent.push(now);
		this.hits.set(key, recent);
		return true;
	}

	/** Seconds until the oldest hit of the window expires. */
	retryAfterSeconds(apiKey: string, bucket: string, now = Date.now()): number {
		const recent = this.hits.get(`${apiKey}\u0000${bucket}`) ?? [];
		if (recent.length === 0) return 1;
		return Math.max(1, Math.ceil((recent[0] + 60_000 - now) / 1000));
	}

	clear(): void {
		this.hits.clear();
	}
}
