import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
	createServer,
	type IncomingHttpHeaders,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { VideoDubElevenLabsApi } from '../../../credentials/VideoDubElevenLabsApi.credentials';
import { VideoToMusic } from '../../../nodes/VideoToMusic/VideoToMusic.node';
import type { Emulator } from '../../emulator';
import { emulatorForFile } from '../../emulator/testkit';
import { NodeHarness, type RunNodeOptions, type RunNodeResult } from '../../harness';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');
export const SAMPLE_VIDEO = join(FIXTURES, 'sample-video.mp4');
export const SAMPLE_VIDEO_2 = join(FIXTURES, 'sample-video-2.mp4');
export const ENDPOINT = 'POST /v1/music/video-to-music';

/** A file served by the media host: from disk, or generated on the fly (size known up front). */
export type MediaFile =
	| { path: string; contentType?: string }
	| { size: number; stream: () => Readable; contentType?: string }
	| { status: number };

/**
 * A plain HTTP host for URL videos (stands in for a CDN). It records the headers of every request,
 * so tests can prove that no API key ever reaches a third-party host.
 */
export class MediaHost {
	readonly files = new Map<string, MediaFile>();
	readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
	private constructor(
		private readonly server: Server,
		readonly url: string,
	) {}

	static async start(): Promise<MediaHost> {
		const holder: { host?: MediaHost } = {};
		const server = createServer(
			(req, res) => void holder.host!.serve(req.url ?? '/', req.headers, res),
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		holder.host = new MediaHost(
			server,
			`http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		);
		return holder.host;
	}

	private async serve(path: string, headers: IncomingHttpHeaders, res: ServerResponse) {
		this.requests.push({ path, headers });
		const file = this.files.get(path);
		if (!file || 'status' in file) {
			res.writeHead(file && 'status' in file ? file.status : 404, { 'Content-Type': 'text/plain' });
			res.end('not here');
			return;
		}
		const size = 'path' in file ? (await stat(file.path)).size : file.size;
		res.writeHead(200, {
			'Content-Type': file.contentType ?? 'video/mp4',
			'Content-Length': String(size),
		});
		('path' in file ? createReadStream(file.path) : file.stream()).pipe(res);
	}

	/** Serves `file` at `path` and returns its URL. */
	add(path: string, file: MediaFile): string {
		this.files.set(path, file);
		return `${this.url}${path}`;
	}

	reset(): void {
		this.files.clear();
		this.requests.length = 0;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

export interface VideoToMusicEnv {
	harness: NodeHarness;
	emulator: Emulator;
	media: MediaHost;
	credentials: (apiKey?: string) => RunNodeOptions['credentials'];
	run: (
		parameters: INodeParameters,
		options?: Omit<RunNodeOptions, 'node' | 'parameters'> & { apiKey?: string },
	) => Promise<RunNodeResult>;
	/** An item whose binary properties hold the given fixture files (stored, with ids). */
	videoItem: (files: Record<string, string>, json?: IDataObject) => Promise<INodeExecutionData>;
	/** Requests that reached POST /v1/music/video-to-music. */
	musicRequests: () => number;
}

/** One harness, emulator and media host per test file; the emulator is reset before each test. */
export function useVideoToMusic(): VideoToMusicEnv {
	const env = {} as VideoToMusicEnv;
	const emulated = emulatorForFile();

	beforeAll(async () => {
		env.harness = await NodeHarness.start({ credentialTypes: [new VideoDubElevenLabsApi()] });
		env.emulator = emulated.emu;
		env.media = await MediaHost.start();
		env.credentials = (apiKey = env.emulator.elevenLabsApiKey) => ({
			videoDubElevenLabsApi: { apiKey, region: 'custom', baseUrl: env.emulator.elevenLabsBaseUrl },
		});
		env.run = async (parameters, { apiKey, ...options } = {}) =>
			await env.harness.runNode({
				node: new VideoToMusic(),
				credentials: env.credentials(apiKey),
				...options,
				parameters,
			});
		env.videoItem = async (files, json = {}) => {
			const binary: NonNullable<INodeExecutionData['binary']> = {};
			for (const [property, path] of Object.entries(files)) {
				binary[property] = await env.harness.binaryFromFile(path, 'video/mp4');
			}
			return { json, binary };
		};
		env.musicRequests = () => env.emulator.admin.counters().requests[ENDPOINT] ?? 0;
	});

	beforeEach(() => env.media.reset());

	afterAll(async () => {
		await env.media?.close();
		await env.harness?.close();
	});

	return env;
}

/** A tiny MP4 (ftyp + moov/mvhd) that claims the given duration: enough for duration checks. */
export function mp4WithDuration(seconds: number): Buffer {
	const box = (type: string, body: Buffer) => {
		const header = Buffer.alloc(8);
		header.writeUInt32BE(body.length + 8, 0);
		header.write(type, 4, 'latin1');
		return Buffer.concat([header, body]);
	};
	const mvhd = Buffer.alloc(100);
	mvhd.writeUInt32BE(1000, 12);
	mvhd.writeUInt32BE(Math.round(seconds * 1000), 16);
	return Buffer.concat([
		box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1')),
		box('moov', box('mvhd', mvhd)),
		box('mdat', Buffer.alloc(64)),
	]);
}

/** The error (thrown, or Continue On Fail's item) as text: message plus description. */
export function errorText(error: unknown): string {
	const { message, description } = error as { message: string; description?: string };
	return `${message} ${description ?? ''}`;
}
