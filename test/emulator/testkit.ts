import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startEmulator, type Emulator, type EmulatorOptions, type Generation } from './index';

/** Helpers for the emulator's own tests (real HTTP over 127.0.0.1). */

/** Test assertions read response bodies freely; the emulator's shapes are what is under test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

export interface JsonResponse<T = LooseJson> {
	status: number;
	headers: Headers;
	body: T;
	text: string;
}

export async function request<T = LooseJson>(
	url: string,
	init: RequestInit & { json?: unknown } = {},
): Promise<JsonResponse<T>> {
	const headers = new Headers(init.headers);
	let body = init.body;
	if (init.json !== undefined) {
		headers.set('content-type', 'application/json');
		body = JSON.stringify(init.json);
	}
	const response = await fetch(url, { ...init, headers, body });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text.length > 0 ? JSON.parse(text) : undefined;
	} catch {
		// not JSON; keep the text
	}
	return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Sync API client bound to an emulator and key. */
export function syncClient(emu: Emulator, apiKey = emu.syncApiKey) {
	const call = <T = LooseJson>(
		method: string,
		path: string,
		json?: unknown,
		headers: Record<string, string> = {},
	) =>
		request<T>(`${emu.syncBaseUrl}${path}`, {
			method,
			json,
			headers: { 'x-api-key': apiKey, ...headers },
		});
	return {
		get: <T = LooseJson>(path: string, headers?: Record<string, string>) =>
			call<T>('GET', path, undefined, headers),
		post: <T = LooseJson>(path: string, json?: unknown, headers?: Record<string, string>) =>
			call<T>('POST', path, json, headers),
		delete: <T = LooseJson>(path: string) => call<T>('DELETE', path),
		form: <T = LooseJson>(path: string, form: FormData, headers: Record<string, string> = {}) =>
			request<T>(`${emu.syncBaseUrl}${path}`, {
				method: 'POST',
				body: form,
				headers: { 'x-api-key': apiKey, ...headers },
			}),
	};
}

/**
 * The one way jest tests start the emulator: one emulator for the test file, started in its
 * `beforeAll`, closed in its `afterAll` and reset before each test (unless `resetBeforeEach` is
 * false): `const ctx = emulatorForFile(...)`, then `ctx.emu` and `ctx.sync` (a client with the
 * default key) inside the tests. Call it before the file's own `beforeAll` hooks that use `ctx.emu`.
 */
export function emulatorForFile(options: EmulatorOptions = {}, { resetBeforeEach = true } = {}) {
	const ctx = {} as { emu: Emulator; sync: ReturnType<typeof syncClient> };
	beforeAll(async () => {
		ctx.emu = await startEmulator(options);
		ctx.sync = syncClient(ctx.emu);
	});
	afterAll(() => ctx.emu?.close());
	if (resetBeforeEach) beforeEach(() => ctx.emu.admin.reset());
	return ctx;
}

/** Creates a lip-sync generation, waits for it, and returns its output URL. */
export async function completedOutputUrl(emu: Emulator): Promise<string> {
	const created = await syncClient(emu).post('/v2/generate', lipsyncBody());
	return (await waitForTerminal(emu, created.body.id)).body.outputUrl as string;
}

export const videoUrl = 'https://media.example.com/face.mp4';
export const audioUrl = 'https://media.example.com/voice.wav';

export function lipsyncBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		model: 'lipsync-2',
		input: [
			{ type: 'video', url: videoUrl },
			{ type: 'audio', url: audioUrl },
		],
		...overrides,
	};
}

export interface ReceivedHook {
	headers: http.IncomingHttpHeaders;
	rawBody: string;
}

/** A local webhook endpoint recording what it receives; answers `statuses` in turn (then 200). */
export async function webhookReceiver(statuses: number[] = []) {
	const received: ReceivedHook[] = [];
	const waiters: Array<() => void> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
			const status = statuses.shift() ?? 200;
			res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
			res.end('{"ok":true}');
			waiters.splice(0).forEach((w) => w());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		async waitFor(count: number, timeoutMs = 5000): Promise<ReceivedHook[]> {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count) {
				if (Date.now() > deadline)
					throw new Error(`expected ${count} webhooks, got ${received.length}`);
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, 50);
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
			return received;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Verifies a `Sync-Signature` header independently of the emulator's code. */
export function verifySyncSignature(
	header: string | undefined,
	rawBody: string,
	secret: string,
): boolean {
	const match = /^t=(\d+),v1=([0-9a-f]+)$/.exec(header ?? '');
	if (!match) return false;
	const expected = createHmac('sha256', secret).update(`${match[1]}.${rawBody}`).digest('hex');
	return expected === match[2];
}

export async function waitUntil(
	predicate: () => boolean | Promise<boolean>,
	timeoutMs = 5000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Polls GET /v2/generate/{id} until the status is terminal. */
export async function waitForTerminal(
	emu: Emulator,
	id: string,
	apiKey = emu.syncApiKey,
	timeoutMs = 5000,
) {
	const client = syncClient(emu, apiKey);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await client.get(`/v2/generate/${id}`);
		if (['COMPLETED', 'FAILED', 'REJECTED'].includes(res.body.status)) return res;
		if (Date.now() > deadline) throw new Error(`generation ${id} still ${res.body.status}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/**
 * The most generations that were PENDING or PROCESSING at the same moment, from the emulator's
 * records. A generation still running counts until the end.
 */
export function maxRunningAtOnce(generations: Generation[]): number {
	const events = generations.flatMap((generation) => [
		{ at: Date.parse(generation.createdAt), delta: 1 },
		{ at: generation.processingUntil ?? Number.POSITIVE_INFINITY, delta: -1 },
	]);
	// At equal times an end comes before a start: a slot freed and taken again is not an overlap.
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let running = 0;
	let max = 0;
	for (const event of events) {
		running += event.delta;
		max = Math.max(max, running);
	}
	return max;
}
