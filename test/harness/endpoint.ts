import type { IncomingMessage, ServerResponse } from 'node:http';

import type { WebhookCall } from './waiting';

/**
 * A trigger node's production webhook URL on the harness server, as n8n registers it for an active
 * workflow. Anything (a test, the emulator) can POST to `url`; each request runs `webhook()`.
 */
export class WebhookEndpoint {
	/** Every request received, in order. */
	readonly calls: WebhookCall[] = [];

	private consumed = 0;

	private readonly waiters: Array<() => void> = [];

	constructor(
		readonly url: string,
		readonly method: string,
		/** Path below `/webhook/`, as n8n stores it for the route. */
		readonly path: string,
		/** Runs the node's webhook() for one request. */
		readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
		private readonly onClose: () => void,
	) {}

	record(call: WebhookCall) {
		this.calls.push(call);
		for (const wake of this.waiters.splice(0)) wake();
	}

	/** The next call not yet returned by `nextCall` (waits for it to arrive). */
	async nextCall(timeoutMs = 10_000): Promise<WebhookCall> {
		const deadline = Date.now() + timeoutMs;
		while (this.consumed >= this.calls.length) {
			const remaining = deadline - Date.now();
			if (remaining <= 0) {
				throw new Error(`No request reached ${this.method} ${this.url} within ${timeoutMs} ms`);
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, remaining);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		return this.calls[this.consumed++];
	}

	/** Unregisters the URL (later requests get n8n's 404 "webhook is not registered"). */
	close() {
		this.onClose();
	}
}
