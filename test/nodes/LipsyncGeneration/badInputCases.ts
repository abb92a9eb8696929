import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { useTestBed } from './setup';
import { AUDIO_URL, VIDEO_URL, createParameters } from './setup';

/** Bad input cases for validation.test.ts: each must be refused before any request. */

export type TestBed = ReturnType<typeof useTestBed>;

export const speakers = (entries: INodeParameters[]) => ({ speaker: entries });
export const segments = (entries: INodeParameters[]) => ({ segment: entries });
export const twoSpeakers = speakers([
	{ refId: 'host', voiceKind: 'audio', audioSource: 'url', audioUrl: AUDIO_URL },
	{ refId: 'guest', voiceKind: 'text', voiceId: 'voice_guest', script: 'Hello!' },
]);
export const multiSpeaker = (segmentList: INodeParameters[], speakerList = twoSpeakers) =>
	createParameters({
		voiceInput: 'speakers',
		speakers: speakerList,
		segments: segments(segmentList),
	});
export const tts = (overrides: INodeParameters) =>
	createParameters({ voiceInput: 'text', voiceId: 'voice_1', script: 'Hello there', ...overrides });
export const withOptions = (options: INodeParameters, base = createParameters()) => ({
	...base,
	options,
});

export interface BadCase {
	name: string;
	parameters: INodeParameters;
	expected: RegExp;
	/** Input items; default one empty item. */
	items?: () => Promise<INodeExecutionData[]> | INodeExecutionData[];
	/** Credential base URL override (e.g. Sync production, never contacted). */
	baseUrl?: string;
}

/** Cases of Generation → Create: voice, media, options, several speakers. */
export const createCases = (bed: TestBed): BadCase[] => [
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
];
