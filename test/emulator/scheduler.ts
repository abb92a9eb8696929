/**
 * Tracks every timer the emulator starts (state transitions, webhook retries, fault delays,
 * long polls) so `close()` and `reset()` can cancel them all and leave no open handles.
 */
export class Scheduler {
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly sleepers = new Set<() => void>();

	after(ms: number, fn: () => void): () => void {
		const timer = setTimeout(
			() => {
				this.timers.delete(timer);
				fn();
			},
			Math.max(0, ms),
		);
		this.timers.add(timer);
		return () => {
			clearTimeout(timer);
			this.timers.delete(timer);
		};
	}

	/** Resolves after `ms`, or early (with `false`) when the scheduler is cleared. */
	sleep(ms: number): Promise<boolean> {
		return new Promise((resolve) => {
			const wake = () => {
				this.sleepers.delete(wake);
				cancel();
				resolve(false);
			};
			const cancel = this.after(ms, () => {
				this.sleepers.delete(wake);
				resolve(true);
			});
			this.sleepers.add(wake);
		});
	}

	clearAll(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const wake of [...this.sleepers]) wake();
	}
}
