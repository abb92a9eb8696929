/**
 * In-flight music generations per API key (reference §1.4: limits are concurrent requests, not
 * requests per minute). A slot is held from acceptance until the response has finished or the
 * connection closed.
 */
export class ConcurrencyTracker {
	private readonly inFlight = new Map<string, number>();

	current(key: string): number {
		return this.inFlight.get(key) ?? 0;
	}

	/** Takes a slot if one is free; returns the release function, or undefined when full. */
	tryAcquire(key: string, limit: number): (() => void) | undefined {
		if (this.current(key) >= limit) return undefined;
		this.inFlight.set(key, this.current(key) + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const left = this.current(key) - 1;
			if (left > 0) this.inFlight.set(key, left);
			else this.inFlight.delete(key);
		};
	}
}

/**
 * One tracker per config object: the core server keeps one config per emulator instance, so
 * parallel emulators in one process do not share counts.
 */
const trackers = new WeakMap<object, ConcurrencyTracker>();

export function trackerFor(owner: object): ConcurrencyTracker {
	let tracker = trackers.get(owner);
	if (!tracker) {
		tracker = new ConcurrencyTracker();
		trackers.set(owner, tracker);
	}
	return tracker;
}
