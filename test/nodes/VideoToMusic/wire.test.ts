import busboy from 'busboy';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { VideoDubElevenLabsApi } from '../../../credentials/VideoDubElevenLabsApi.credentials';
import { VideoToMusic } from '../../../nodes/VideoToMusic/VideoToMusic.node';
import { NodeHarness } from '../../harness';
import { SAMPLE_VIDEO, SAMPLE_VIDEO_2 } from './setup';

/**
 * The exact multipart request, recorded by a plain server: repeated `videos` file parts (never
 * `videos[]`), repeated `tags`, booleans as "true"/"false", `output_format` in the query string.
 */

interface Recorded {
	url: string;
	headers: IncomingHttpHeaders;
	fields: Array<[string, string]>;
	files: Array<{ field: string; fileName?: string; mimeType: string; bytes: Buffer }>;
}

let server: Server;
let baseUrl: string;
let harness: NodeHarness;
const recorded: Recorded[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const entry: Recorded = { url: req.url ?? '', headers: req.headers, fields: [], files: [] };
		const parser = busboy({ headers: req.headers });
		parser.on('field', (name, value) => entry.fields.push([name, value]));
		parser.on('file', (field, stream, info) => {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () =>
				entry.files.push({
					field,
					fileName: info.filename,
					mimeType: info.mimeType,
					bytes: Buffer.concat(chunks),
				}),
			);
		});
		parser.on('close', () => {
			recorded.push(entry);
			res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'request-id': 'req-legacy-header' });
			res.end(Buffer.from([0xff, 0xfb, 0x90, 0x64]));
		});
		req.pipe(parser);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	harness = await NodeHarness.start({ credentialTypes: [new VideoDubElevenLabsApi()] });
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	await harness.close();
});

beforeEach(() => {
	recorded.length = 0;
});

const run = async (parameters: Record<string, unknown>) =>
	await harness.runNode({
		node: new VideoToMusic(),
		parameters: parameters as never,
		items: [
			{
				json: {},
				binary: {
					data: await harness.binaryFromFile(SAMPLE_VIDEO, 'video/mp4'),
					second: await harness.binaryFromFile(SAMPLE_VIDEO_2, 'application/octet-stream'),
				},
			},
		],
		credentials: { videoDubElevenLabsApi: { apiKey: 'sk_wire_test', region: 'custom', baseUrl } },
	});

describe('Video To Music: request encoding', () => {
	it('sends fields, repeated tags and repeated videos parts like the official SDK', async () => {
		const { output, error } = await run({
			binaryPropertyName: 'data,second',
			description: '  Bright marimba, playful  ',
			tags: 'playful, , marimba,upbeat',
			model: 'music_v2_5',
			outputFormat: 'mp3_44100_96',
			options: {
				signWithC2pa: true,
				addSoundEffects: false,
				separateTracks: false,
				useAudioAsReference: true,
			},
		});
		expect(error).toBeUndefined();
		expect(recorded).toHaveLength(1);
		const [request] = recorded;
		expect(request.url).toBe('/v1/music/video-to-music?output_format=mp3_44100_96');
		expect(request.headers['xi-api-key']).toBe('sk_wire_test');
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.fields).toEqual([
			['description', 'Bright marimba, playful'],
			['tags', 'playful'],
			['tags', 'marimba'],
			['tags', 'upbeat'],
			['model_id', 'music_v2_5'],
			['sign_with_c2pa', 'true'],
			['add_sfx', 'false'],
			['separate_tracks', 'false'],
			['use_audio_as_reference', 'true'],
		]);
		expect(
			request.files.map(({ field, fileName, mimeType }) => ({ field, fileName, mimeType })),
		).toEqual([
			{ field: 'videos', fileName: 'sample-video.mp4', mimeType: 'video/mp4' },
			// A binary without a useful type is sent as video/mp4.
			{ field: 'videos', fileName: 'sample-video-2.mp4', mimeType: 'video/mp4' },
		]);
		expect(request.files[0].bytes.equals(readFileSync(SAMPLE_VIDEO))).toBe(true);
		expect(request.files[1].bytes.equals(readFileSync(SAMPLE_VIDEO_2))).toBe(true);
		expect(output![0][0].json).toMatchObject({
			requestId: 'req-legacy-header',
			bytes: 4,
			tags: ['playful', 'marimba', 'upbeat'],
		});
	});

	it('leaves out an empty description and options the user did not set', async () => {
		const { error } = await run({});
		expect(error).toBeUndefined();
		expect(recorded[0].url).toBe('/v1/music/video-to-music?output_format=mp3_44100_128');
		expect(recorded[0].fields).toEqual([['model_id', 'music_v2']]);
		expect(recorded[0].files.map((file) => file.fileName)).toEqual(['sample-video.mp4']);
	});
});
