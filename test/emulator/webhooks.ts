import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

import type { Scheduler } from './scheduler';

/**
 * Webhook sender (reference §4, §8.7): compact JSON body, `Sync-Signature: t=<unix s>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<body>")>`, optional `X-Signature-Primary`, one attempt unless a retry
 * schedule is configured, and a delivery log for tests.
 */

export interface WebhookAttempt {
	attempt: number;
	at: string;
	headers: Record<string, string>;
	statusCode: number | null;
	error: string | null;
	responseBody: string | null;
	durationMs: number;
}

export interface WebhookDelivery {
	id: string;
	kind: 'generation' | 'batch';
	/** Generation or batch id the notification is about. */
	resourceId: string;
	/** Status carried in the body (COMPLETED, FAILED, ...). */
	status: string;
	url: string;
	/** Exact bytes sent (same on every attempt). */
	body: string;
	/** Headers of the latest attempt (each attempt is signed with a fresh timestamp). */
	headers: Record<string, string>;
	state: 'pending' | 'delivered' | 'failed';
	/** Status code of the latest attempt (null: network error or timeout). */
	statusCode: number | null;
	attempts: WebhookAttempt[];
}

export interface WebhookSettings {
	secret: string;
	sendXSignaturePrimary: boolean;
	retryDelaysMs: number[];
	timeoutMs: number;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
	return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export class WebhookSender {
	private readonly log: WebhookDelivery[] = [];
	private readonly inFlight = new Set<http.ClientRequest>();
	private readonly agent = new http.Agent({ keepAlive: false });
	private readonly secureAgent = new https.Agent({ keepAlive: false });
	private closed = false;
	/** Bumped by reset so deliveries started before it stop retrying. */
	private epoch = 0;

	constructor(
		private readonly scheduler: Scheduler,
		private readonly settings: () => WebhookSettings,
	) {}

	deliveries(): WebhookDelivery[] {
		return structuredClone(this.log);
	}

	send(kind: WebhookDelivery['kind'], resourceId: string, url: string, payload: object): void {
		const delivery: WebhookDelivery = {
			id: randomUUID(),
			kind,
			resourceId,
			status: String((payload as { status?: unknown }).status ?? ''),
			url,
			body: JSON.stringify(payload),
			headers: {},
			state: 'pending',
			statusCode: null,
			attempts: [],
		};
		this.log.push(delivery);
		void this.attempt(delivery, this.epoch);
	}

	private async attempt(delivery: WebhookDelivery, epoch: number): Promise<void> {
		if (this.closed || epoch !== this.epoch) return;
		const settings = this.settings();
		const timestamp = Math.floor(Date.now() / 1000);
		const signature = signWebhook(settings.secret, timestamp, delivery.body);
		const headers: Record<string, string> = {
			'Content-Type': 'application/json',
			'Content-Length': String(Buffer.byteLength(delivery.body)),
			'User-Agent': 'sync-emulator-webhooks/1.0',
			'Sync-Signature': `t=${timestamp},v1=${signature}`,
		};
		if (settings.sendXSignaturePrimary) headers['X-Signature-Primary'] = signature;
		const started = Date.now();
		const result = await this.post(delivery.url, headers, delivery.body, settings.timeoutMs);
		const attempt: WebhookAttempt = {
			attempt: delivery.attempts.length + 1,
			at: new Date(started).toISOString(),
			headers,
			statusCode: result.statusCode,
			error: result.error,
			responseBody: result.body,
			durationMs: Date.now() - started,
		};
		delivery.attempts.push(attempt);
		delivery.headers = headers;
		delivery.statusCode = result.statusCode;
		const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
		if (ok) {
			delivery.state = 'delivered';
			return;
		}
		const delay = settings.retryDelaysMs[delivery.attempts.length - 1];
		if (delay === undefined || this.closed || epoch !== this.epoch) {
			delivery.state = 'failed';
			return;
		}
		this.scheduler.after(delay, () => void this.attempt(delivery, epoch));
	}

	private post(
		target: string,
		headers: Record<string, string>,
		body: string,
		timeoutMs: number,
	): Promise<{ statusCode: number | null; error: string | null; body: string | null }> {
		return new Promise((resolve) => {
			let url: URL;
			try {
				url = new URL(target);
			} catch {
				resolve({ statusCode: null, error: 'invalid URL', body: null });
				return;
			}
			const secure = url.protocol === 'https:';
			const request = (secure ? https : http).request(url, {
				method: 'POST',
				headers,
				agent: secure ? this.secureAgent : this.agent,
				timeout: timeoutMs,
				rejectUnauthorized: false,
			} as https.RequestOptions);
			this.inFlight.add(request);
			let settled = false;
			const finish = (value: {
				statusCode: number | null;
				error: string | null;
				body: string | null;
			}) => {
				if (settled) return;
				settled = true;
				this.inFlight.delete(request);
				resolve(value);
			};
			request.on('timeout', () => {
				request.destroy(new Error(`timeout after ${timeoutMs} ms`));
			});
			request.on('error', (error) =>
				finish({ statusCode: null, error: error.message, body: null }),
			);
			request.on('response', (response) => {
				const chunks: Buffer[] = [];
				let size = 0;
				response.on('data', (chunk: Buffer) => {
					size += chunk.length;
					if (size <= 64 * 1024) chunks.push(chunk);
				});
				response.on('end', () =>
					finish({
						statusCode: response.statusCode ?? null,
						error: null,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				response.on('error', (error) =>
					finish({ statusCode: response.statusCode ?? null, error: error.message, body: null }),
				);
			});
			request.end(body);
		});
	}

	/** Forgets the log and aborts in-flight deliveries but keeps the sender usable (reset). */
	reset(): void {
		this.epoch++;
		this.log.length = 0;
		for (const request of this.inFlight) request.destroy(new Error('emulator reset'));
		this.inFlight.clear();
	}

	/** Aborts in-flight deliveries (retries are cancelled through the scheduler). */
	close(): void {
		this.closed = true;
		for (const request of this.inFlight) request.destroy(new Error('emulator closed'));
		this.inFlight.clear();
		this.agent.destroy();
		this.secureAgent.destroy();
	}
}
