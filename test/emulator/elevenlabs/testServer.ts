import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { sampleVideoMp4 } from '../media';
import { createElevenLabsConfig, handleElevenLabs, type ElevenLabsConfig } from './index';

/**
 * Test helper: the ElevenLabs handler alone on a real HTTP server (127.0.0.1, random port),
 * mounted under `/elevenlabs` like the core server does.
 */

export interface ElevenLabsTestServer {
	/** Base URL clients use, e.g. http://127.0.0.1:1234/elevenlabs */
	baseUrl: string;
	config: ElevenLabsConfig;
	counters: { musicGenerations: number };
	close(): Promise<void>;
}

export async function startElevenLabsServer(
	patch: Partial<ElevenLabsConfig> = {},
): Promise<ElevenLabsTestServer> {
	const config = createElevenLabsConfig(patch);
	const counters = { musicGenerations: 0 };
	const server = http.createServer((req, res) => {
		const { pathname } = new URL(req.url ?? '/', 'http://emulator.invalid');
		const match = /^\/elevenlabs(\/.*)?$/.exec(pathname);
		if (!match) {
			res.writeHead(404).end();
			return;
		}
		handleElevenLabs(req, res, match[1] ?? '/', {
			config,
			count: (counter) => (counters[counter] += 1),
		}).catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
			res.end(`handler crashed: ${error.stack}`);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/elevenlabs`,
		config,
		counters,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * One server for a test file: started before the file's tests, closed after them, its config and
 * counters restored after each test. The returned object reads through to the running server.
 */
export function elevenLabsServerForFile(): ElevenLabsTestServer {
	let server: ElevenLabsTestServer;
	let defaults: ElevenLabsConfig;
	beforeAll(async () => {
		server = await startElevenLabsServer();
		defaults = structuredClone(server.config);
	});
	afterAll(() => server.close());
	afterEach(() => {
		Object.assign(server.config, structuredClone(defaults));
		server.counters.musicGenerations = 0;
	});
	return {
		get baseUrl() {
			return server.baseUrl;
		},
		get config() {
			return server.config;
		},
		get counters() {
			return server.counters;
		},
		close: () => server.close(),
	};
}

export interface VideoToMusicCall {
	key?: string | null;
	/** Query string without '?', e.g. 'output_format=pcm_16000'. */
	query?: string;
	/** Files sent as `videos` parts (default: one sample video). */
	videos?: Array<{ data: Buffer; name?: string; field?: string }>;
	/** Extra form fields, in order (repeat a name to repeat the field). */
	fields?: Array<[string, string]>;
	headers?: Record<string, string>;
}

export async function callVideoToMusic(
	server: Pick<ElevenLabsTestServer, 'baseUrl'>,
	call: VideoToMusicCall = {},
): Promise<Response> {
	const form = new FormData();
	const videos = call.videos ?? [{ data: sampleVideoMp4() }];
	videos.forEach((video, index) => {
		const blob = new Blob([video.data], { type: 'video/mp4' });
		form.append(video.field ?? 'videos', blob, video.name ?? `clip-${index + 1}.mp4`);
	});
	for (const [name, value] of call.fields ?? []) form.append(name, value);
	const headers: Record<string, string> = { ...call.headers };
	const key = call.key === undefined ? 'sk_test_el_creator' : call.key;
	if (key !== null) headers['xi-api-key'] = key;
	const query = call.query ? `?${call.query}` : '';
	return fetch(`${server.baseUrl}/v1/music/video-to-music${query}`, {
		method: 'POST',
		body: form,
		headers,
	});
}

export async function bodyBytes(response: Response): Promise<Buffer> {
	return Buffer.from(await response.arrayBuffer());
}
