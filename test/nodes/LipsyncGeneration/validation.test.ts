import { NodeOperationError, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';
import { join } from 'node:path';

import { AUDIO_URL, FIXTURES, VIDEO_URL, createParameters, items, useTestBed } from './setup';

/**
 * Bad input is refused before any request: every case below must fail with a NodeOperationError
 * that names the problem, while the emulator's counters show that nothing reached it.
 */

const bed = useTestBed();

const speakers = (entries: INodeParameters[]) => ({ speaker: entries });
const segments = (entries: INodeParameters[]) => ({ segment: entries });
const twoSpeakers = speakers([
	{ refId: 'host', voiceKind: 'audio', audioSource: 'url', audioUrl: AUDIO_URL },
	{ refId: 'guest', voiceKind: 'text', voiceId: 'voice_guest', script: 'Hello!' },
]);
const multiSpeaker = (segmentList: INodeParameters[], speakerList = twoSpeakers) =>
	createParameters({
		voiceInput: 'speakers',
		speakers: speakerList,
		segments: segments(segmentList),
	});
const tts = (overrides: INodeParameters) =>
	createParameters({ voiceInput: 'text', voiceId: 'voice_1', script: 'Hello there', ...overrides });
const withOptions = (options: INodeParameters, base = createParameters()) => ({ ...base, options });

interface BadCase {
	name: string;
	parameters: INodeParameters;
	expected: RegExp;
	/** Input items; default one empty item. */
	items?: () => Promise<INodeExecutionData[]> | INodeExecutionData[];
	/** Credential base URL override (e.g. Sync production, never contacted). */
	baseUrl?: string;
}

const cases: BadCase[] = [
	// Voice: text to speech
	{
		name: 'script of 5,000 characters',
		parameters: tts({ script: 'a'.repeat(5000) }),
		expected: /"Script" has 5000 characters; Sync accepts fewer than 5,000 \(item 0\)/,
	},
	{
		name: 'empty script',
		parameters: tts({ script: '   ' }),
		expected: /"Script" is empty \(item 0\)/,
	},
	{ name: 'empty voice ID', parameters: tts({ voiceId: '' }), expected: /"Voice ID" is empty/ },
	{
		name: 'stability out of range',
		parameters: tts({ stability: 1.5 }),
		expected: /"Stability" must be between 0 and 1, got 1.5/,
	},
	// Media sources
	{
		name: 'empty video URL',
		parameters: createParameters({ videoUrl: '' }),
		expected: /"Video URL" is empty \(item 0\)/,
	},
	{
		name: 'non-http video URL',
		parameters: createParameters({ videoUrl: 'ftp://media.example.com/face.mp4' }),
		expected: /"Video URL" must be an http\(s\) URL/,
	},
	{
		name: 'audio URL that is no URL',
		parameters: createParameters({ audioUrl: 'voice.wav' }),
		expected: /"Audio URL" must be an http\(s\) URL, got "voice.wav"/,
	},
	{
		name: 'missing binary property',
		parameters: createParameters({ videoSource: 'binary', videoBinaryProperty: 'clip' }),
		expected: /clip/,
	},
	{
		name: 'binary of unknown size',
		parameters: createParameters({ audioSource: 'binary', audioBinaryProperty: 'data' }),
		items: () => [
			{ json: {}, binary: { data: { mimeType: 'audio/wav', fileName: 'voice.wav', data: '' } } },
		],
		expected: /size of binary property "data" is unknown/,
	},
	{
		name: 'empty binary',
		parameters: createParameters({ videoSource: 'binary', videoBinaryProperty: 'data' }),
		items: async () => [
			{
				json: {},
				binary: { data: await bed.harness.binaryFromBuffer(Buffer.alloc(0), 'video/mp4', 'x.mp4') },
			},
		],
		expected: /Binary property "data" is empty/,
	},
	{
		name: 'asset ID with spaces',
		parameters: createParameters({ audioSource: 'asset', audioAssetId: 'my audio file' }),
		expected: /"Audio Asset ID" is not a valid ID, got "my audio file"/,
	},
	{
		name: 'image with lipsync-2',
		parameters: createParameters({ visualType: 'image', imageSource: 'url', imageUrl: VIDEO_URL }),
		expected: /"Visual Input" is "image", which needs the model sync-3, not lipsync-2/,
	},
	{
		name: 'image with react-1',
		parameters: createParameters({ model: 'react-1', visualType: 'image', imageUrl: VIDEO_URL }),
		expected: /needs the model sync-3, not react-1/,
	},
	// Options
	{
		name: 'output file name with a space and an extension',
		parameters: withOptions({ outputFileName: 'my video.mp4' }),
		expected: /"Output File Name" may only contain letters, digits/,
	},
	{
		name: 'output file name of 256 characters',
		parameters: withOptions({ outputFileName: 'x'.repeat(256) }),
		expected: /"Output File Name"/,
	},
	{
		name: 'temperature above 1',
		parameters: withOptions({ temperature: 1.5 }),
		expected: /"Temperature" must be between 0 and 1, got 1.5/,
	},
	{
		name: 'negative speaker coordinates',
		parameters: withOptions({ activeSpeaker: 'coordinates', speakerX: -5, speakerY: 10 }),
		expected: /"Speaker X" and "Speaker Y" must be whole, non-negative/,
	},
	{
		name: 'webhook URL that is not http(s)',
		parameters: withOptions({ webhookUrl: 'ftp://hooks.example.com/sync' }),
		expected: /"Webhook URL" must be an http\(s\) URL/,
	},
	{
		name: 'local webhook URL against Sync production',
		parameters: withOptions({ webhookUrl: 'http://localhost:5678/webhook/sync' }),
		baseUrl: 'https://api.sync.so',
		expected: /Sync Labs cannot reach http:\/\/localhost:5678: callbacks need a public HTTPS URL/,
	},
	{
		name: '"Wait for Webhook" with a local n8n against Sync production',
		parameters: createParameters({ completion: 'webhook' }),
		baseUrl: 'https://api.sync.so',
		expected: /callbacks need a public HTTPS URL/,
	},
	// Several speakers
	{
		name: 'duplicate reference IDs',
		parameters: multiSpeaker(
			[{ startTime: 0, endTime: 2, refId: 'host' }],
			speakers([
				{ refId: 'host', voiceKind: 'audio', audioUrl: AUDIO_URL },
				{ refId: 'host', voiceKind: 'audio', audioUrl: AUDIO_URL },
			]),
		),
		expected: /Speaker 2: "Reference ID" "host" is already used by speaker 1/,
	},
	{
		name: 'segment with an unknown reference',
		parameters: multiSpeaker([{ startTime: 0, endTime: 2, refId: 'narrator' }]),
		expected: /Segment 1: "Speaker Reference ID" "narrator" matches no speaker/,
	},
	{
		name: 'segment starting after its end',
		parameters: multiSpeaker([
			{ startTime: 0, endTime: 2, refId: 'host' },
			{ startTime: 5, endTime: 4, refId: 'guest' },
		]),
		expected: /Segment 2: "Video From" \(5\) is after "Video To" \(4\)/,
	},
	{
		name: 'one-sided audio crop',
		parameters: multiSpeaker([{ startTime: 0, endTime: 2, refId: 'host', audioStartTime: '1' }]),
		expected:
			/Segment 1: "Speaker Audio From" and "Speaker Audio To" must be set together, or neither/,
	},
	{
		name: 'audio crop starting after its end',
		parameters: multiSpeaker([
			{ startTime: 0, endTime: 2, refId: 'host', audioStartTime: '3', audioEndTime: '1' },
		]),
		expected: /"Speaker Audio From" \(3\) is after "Speaker Audio To" \(1\)/,
	},
	{
		name: 'audio crop that is not a number',
		parameters: multiSpeaker([
			{ startTime: 0, endTime: 2, refId: 'host', audioStartTime: 'soon', audioEndTime: '2' },
		]),
		expected: /must be empty or numbers of seconds/,
	},
	{
		name: 'speaker without a reference ID',
		parameters: multiSpeaker(
			[{ startTime: 0, endTime: 2, refId: 'host' }],
			speakers([{ refId: '', voiceKind: 'audio', audioUrl: AUDIO_URL }]),
		),
		expected: /Speaker 1: "Reference ID" is empty/,
	},
	{
		name: 'no segments',
		parameters: multiSpeaker([]),
		expected: /"Segments" is empty/,
	},
	{
		name: 'a speaker script that is too long',
		parameters: multiSpeaker(
			[{ startTime: 0, endTime: 2, refId: 'guest' }],
			speakers([{ refId: 'guest', voiceKind: 'text', voiceId: 'v', script: 'b'.repeat(6000) }]),
		),
		expected: /Speaker 1: "Script" has 6000 characters/,
	},
	// Several items: the bad third item stops the node before the first two are submitted.
	{
		name: 'a bad item after good ones',
		parameters: createParameters({ videoUrl: '={{ $json.video }}' }),
		items: () => items(3, (index) => ({ video: index === 2 ? 'not-a-url' : VIDEO_URL })),
		expected: /"Video URL" must be an http\(s\) URL, got "not-a-url" \(item 2\)/,
	},
	// Batch
	{
		name: 'batch with 19 items',
		parameters: { ...createParameters(), resource: 'batch', operation: 'create' },
		items: () => items(19),
		expected: /A batch needs 20 to 500 input items \(one request each\), got 19/,
	},
	{
		name: 'batch with 501 items',
		parameters: { ...createParameters(), resource: 'batch', operation: 'create' },
		items: () => items(501),
		expected: /A batch needs 20 to 500 input items \(one request each\), got 501/,
	},
	{
		name: 'batch with a repeated request ID',
		parameters: {
			...createParameters(),
			resource: 'batch',
			operation: 'create',
			requestId: '={{ $itemIndex === 7 ? "item-3" : "" }}',
		},
		items: () => items(20),
		expected: /"Request ID" "item-3" is already used by item 3 \(item 7\)/,
	},
	{
		name: 'batch with an invalid item',
		parameters: {
			...createParameters({
				audioUrl: '={{ $itemIndex === 12 ? "" : "https://a.example.com/a.wav" }}',
			}),
			resource: 'batch',
			operation: 'create',
		},
		items: () => items(20),
		expected: /"Audio URL" is empty \(item 12\)/,
	},
	// Estimate cost, lists, ids
	{
		name: 'cost estimate for 0 seconds',
		parameters: {
			resource: 'generation',
			operation: 'estimateCost',
			estimateFrom: 'duration',
			duration: 0,
		},
		expected: /"Duration \(Seconds\)" must be a number greater than 0 and at most 86400, got 0/,
	},
	{
		name: 'cost estimate for a negative duration',
		parameters: {
			resource: 'generation',
			operation: 'estimateCost',
			estimateFrom: 'duration',
			duration: -3,
		},
		expected: /"Duration \(Seconds\)" must be a number greater than 0/,
	},
	{
		name: 'cost estimate with 0 fps',
		parameters: {
			resource: 'generation',
			operation: 'estimateCost',
			estimateFrom: 'duration',
			fps: 0,
		},
		expected: /"Frames per Second" must be a number greater than 0/,
	},
	{
		name: 'cost estimate from inputs with an empty URL',
		parameters: {
			...createParameters({ videoUrl: '' }),
			operation: 'estimateCost',
			estimateFrom: 'request',
		},
		expected: /"Video URL" is empty/,
	},
	{
		name: 'generation list limit of 0',
		parameters: { resource: 'generation', operation: 'list', limit: 0 },
		expected: /"Limit" must be a whole number from 1 to 100, got 0/,
	},
	{
		name: 'generation list limit of 101',
		parameters: { resource: 'generation', operation: 'list', limit: 101 },
		expected: /"Limit" must be a whole number from 1 to 100, got 101/,
	},
	{
		name: 'asset list limit of 2.5',
		parameters: { resource: 'asset', operation: 'list', limit: 2.5 },
		expected: /"Limit" must be a whole number from 1 to 100, got 2.5/,
	},
	{
		name: 'get without a generation ID',
		parameters: { resource: 'generation', operation: 'get', generationId: ' ' },
		expected: /"Generation ID" is empty \(item 0\)/,
	},
	{
		name: 'delete with an ID holding a path',
		parameters: { resource: 'generation', operation: 'delete', generationId: '../assets/x' },
		expected: /"Generation ID" is not a valid ID/,
	},
	{
		name: 'batch results without a batch ID',
		parameters: { resource: 'batch', operation: 'getResults', batchId: '' },
		expected: /"Batch ID" is empty/,
	},
	{
		name: 'batch list created after later than created before',
		parameters: {
			resource: 'batch',
			operation: 'list',
			createdAfter: '2026-03-02T00:00:00Z',
			createdBefore: '2026-03-01T00:00:00Z',
		},
		expected: /"Created After" is later than "Created Before"/,
	},
	{
		name: 'asset upload of a PDF',
		parameters: { resource: 'asset', operation: 'upload', binaryPropertyName: 'data' },
		items: async () => [
			{
				json: {},
				binary: {
					data: await bed.harness.binaryFromBuffer(
						Buffer.from('%PDF-1.4'),
						'application/pdf',
						'a.pdf',
					),
				},
			},
		],
		expected: /is application\/pdf, not a video, image or audio file/,
	},
	{
		name: 'asset upload without the binary',
		parameters: { resource: 'asset', operation: 'upload', binaryPropertyName: 'video' },
		expected: /video/,
	},
];

describe('bad input fails before any request', () => {
	it('covers at least 25 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(25);
	});

	it.each(cases.map((badCase) => [badCase.name, badCase] as const))(
		'%s',
		async (_name, badCase) => {
			const inputItems = badCase.items ? await badCase.items() : undefined;
			const credentials = badCase.baseUrl
				? {
						videoDubSyncLabsApi: {
							...bed.credentials!.videoDubSyncLabsApi,
							baseUrl: badCase.baseUrl,
						},
					}
				: bed.credentials;
			const result = await bed.run(badCase.parameters, { items: inputItems, credentials });
			expect(result.output).toBeNull();
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error!.message).toMatch(badCase.expected);
			expect(bed.emulator.admin.counters().requests).toEqual({});
			expect(bed.emulator.admin.counters().generationsCreated).toBe(0);
		},
	);

	it('with Continue On Fail, a bad item becomes an error item and the good ones still run', async () => {
		const result = await bed.run(
			createParameters({ videoUrl: '={{ $json.video }}', completion: 'none' }),
			{
				continueOnFail: true,
				items: items(3, (index) => ({ video: index === 1 ? '' : VIDEO_URL })),
			},
		);
		expect(result.error).toBeUndefined();
		const output = result.output![0];
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(/"Video URL" is empty \(item 1\)/);
		expect(output[0].json.status).toBe('PENDING');
		expect(output[2].json.status).toBe('PENDING');
		expect(bed.emulator.admin.counters().generationsCreated).toBe(2);
	});

	it('react-1 options are dropped by n8n for other models and never sent', async () => {
		const result = await bed.run(
			withOptions(
				{ modelMode: 'head', emotion: 'happy', syncMode: 'loop' },
				createParameters({ completion: 'none' }),
			),
		);
		expect(result.error).toBeUndefined();
		const [generation] = bed.emulator.admin.generations();
		expect(generation.options).toEqual({ sync_mode: 'loop' });
	});

	it('a failed upload of a binary input is a clear error naming the storage', async () => {
		bed.emulator.admin.injectFault({
			vendor: 'storage',
			method: 'PUT',
			kind: 'status',
			status: 403,
			times: 10,
		});
		const video = await bed.harness.binaryFromFile(join(FIXTURES, 'sample-video.mp4'), 'video/mp4');
		const result = await bed.run(
			createParameters({ videoSource: 'binary', videoBinaryProperty: 'data' }),
			{
				items: [{ json: {}, binary: { data: video } }],
			},
		);
		expect(result.error).toBeDefined();
		expect(result.error!.message).toMatch(/Sync Labs/);
		expect(bed.emulator.admin.counters().generationsCreated).toBe(0);
		expect(bed.emulator.admin.counters().uploadsReceived).toBe(0);
	});
});
