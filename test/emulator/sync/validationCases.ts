import { audioUrl, lipsyncBody, videoUrl } from '../testkit';

/** Requests `POST /v2/generate` must refuse, with the status and error the reference gives (§8.4). */

export const video = { type: 'video', url: videoUrl };
export const audio = { type: 'audio', url: audioUrl };
export const text = {
	type: 'text',
	provider: { name: 'elevenlabs', voiceId: 'v1', script: 'Hello there' },
};

export interface ValidationCase {
	name: string;
	body: unknown;
	status: number;
	errorCode?: string;
	message?: RegExp;
	/** 400s from class-validator carry `message: string[]`. */
	arrayMessage?: boolean;
}

export const validationCases: ValidationCase[] = [
	{ name: 'body is not an object', body: [1, 2], status: 400, message: /JSON object/ },
	{
		name: 'model missing',
		body: { input: [video, audio] },
		status: 400,
		arrayMessage: true,
		message: /model should not be empty/,
	},
	{
		name: 'model unknown',
		body: lipsyncBody({ model: 'lipsync-9' }),
		status: 400,
		errorCode: 'generation_unsupported_model',
		arrayMessage: true,
		message:
			/model must be one of the following values: lipsync-2, lipsync-1.9.0-beta, lipsync-2-pro, react-1, sync-3/,
	},
	{
		name: 'input missing',
		body: { model: 'lipsync-2' },
		status: 400,
		arrayMessage: true,
		message: /input must be an array/,
	},
	{
		name: 'input empty',
		body: { model: 'lipsync-2', input: [] },
		status: 400,
		arrayMessage: true,
		message: /input should not be empty/,
	},
	{
		name: 'unknown input type',
		body: { model: 'lipsync-2', input: [video, { type: 'midi', url: audioUrl }] },
		status: 400,
		arrayMessage: true,
		message: /input\.1\.type must be one of the following values: video, image, audio, text/,
	},
	{
		name: 'media item without url or assetId',
		body: { model: 'lipsync-2', input: [{ type: 'video' }, audio] },
		status: 422,
		errorCode: 'generation_input_validation_failed',
		message: /input\[0\] \(video\) must have either url or assetId/,
	},
	{
		name: 'malformed assetId',
		body: { model: 'lipsync-2', input: [{ type: 'video', assetId: 'abc' }, audio] },
		status: 400,
		errorCode: 'invalid_asset_id_format',
	},
	{
		name: 'unknown assetId',
		body: {
			model: 'lipsync-2',
			input: [{ type: 'video', assetId: '2b1f4a36-0c2e-4bd8-9d55-1e0b1b2c3d4e' }, audio],
		},
		status: 404,
		errorCode: 'asset_not_found',
	},
	{
		name: 'text item without provider fields',
		body: { model: 'lipsync-2', input: [video, { type: 'text', provider: { name: 'azure' } }] },
		status: 400,
		arrayMessage: true,
		message: /provider\.name must be one of the following values: elevenlabs/,
	},
	{
		name: 'script of 5000 characters',
		body: {
			model: 'lipsync-2',
			input: [
				video,
				{ type: 'text', provider: { name: 'elevenlabs', voiceId: 'v', script: 'a'.repeat(5000) } },
			],
		},
		status: 422,
		errorCode: 'generation_text_length_exceeded',
	},
	{
		name: 'no visual input',
		body: { model: 'lipsync-2', input: [audio] },
		status: 422,
		errorCode: 'generation_video_missing',
	},
	{
		name: 'two visual inputs',
		body: {
			model: 'sync-3',
			input: [video, { type: 'image', url: 'https://media.example.com/a.png' }, audio],
		},
		status: 422,
		errorCode: 'generation_input_too_many_visual',
	},
	{
		name: 'image with a model other than sync-3',
		body: {
			model: 'lipsync-2',
			input: [{ type: 'image', url: 'https://media.example.com/a.png' }, audio],
		},
		status: 422,
		errorCode: 'generation_unsupported_model',
	},
	{
		name: 'no audio, text or dubParams',
		body: { model: 'lipsync-2', input: [video] },
		status: 422,
		errorCode: 'generation_audio_missing',
	},
	{
		name: 'dubParams together with audio',
		body: lipsyncBody({ dubParams: { providerName: 'elevenlabs', targetLang: 'es' } }),
		status: 422,
		errorCode: 'generation_input_dub_audio_conflict',
	},
	{
		name: 'unknown dub target language',
		body: { model: 'lipsync-2', input: [video], dubParams: { targetLang: 'xx' } },
		status: 400,
		arrayMessage: true,
		message: /dubParams\.targetLang must be one of the following values: en, gu/,
	},
	{
		name: 'unknown dub source language',
		body: {
			model: 'lipsync-2',
			input: [video],
			dubParams: { targetLang: 'es', sourceLang: 'klingon' },
		},
		status: 400,
		message: /dubParams\.sourceLang must be one of the following values: auto, en/,
	},
	{
		name: 'sync_mode outside the enum',
		body: lipsyncBody({ options: { sync_mode: 'stretch' } }),
		status: 400,
		message:
			/options\.sync_mode must be one of the following values: bounce, loop, cut_off, silence, remap/,
	},
	{
		name: 'model_mode outside the enum',
		body: lipsyncBody({ options: { model_mode: 'body' } }),
		status: 400,
		message: /model_mode/,
	},
	{
		name: 'prompt outside the enum',
		body: lipsyncBody({ options: { prompt: 'bored' } }),
		status: 400,
		message: /options\.prompt/,
	},
	{
		name: 'temperature above 1',
		body: lipsyncBody({ options: { temperature: 1.5 } }),
		status: 400,
		message: /temperature/,
	},
	{
		name: 'segments with a voice input lacking refId',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }, { type: 'audio', url: audioUrl }],
			segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'a' } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
	},
	{
		name: 'segments with duplicate refIds',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }, { ...audio, refId: 'a' }],
			segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'a' } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
		message: /Duplicate refId/,
	},
	{
		name: 'segment refId matching no input',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }],
			segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'b' } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
	},
	{
		name: 'segment startTime after endTime',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }],
			segments: [{ startTime: 5, endTime: 1, audioInput: { refId: 'a' } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
	},
	{
		name: 'audio crop with only a start',
		body: {
			model: 'lipsync-2',
			input: [video, { ...audio, refId: 'a' }],
			segments: [{ startTime: 0, endTime: 1, audioInput: { refId: 'a', startTime: 2 } }],
		},
		status: 422,
		errorCode: 'generation_input_segments_invalid',
	},
	{
		name: 'two voices without segments',
		body: { model: 'lipsync-2', input: [video, audio, text] },
		status: 422,
		errorCode: 'generation_input_validation_failed',
	},
	{
		name: 'outputFileName with an extension',
		body: lipsyncBody({ outputFileName: 'clip.mp4' }),
		status: 400,
		message: /outputFileName/,
	},
	{
		name: 'unknown projectId',
		body: lipsyncBody({ projectId: '7c0e1a9e-1111-4222-8333-444455556666' }),
		status: 422,
		errorCode: 'project_not_found',
	},
	{
		name: 'webhookUrl not a URL',
		body: lipsyncBody({ webhookUrl: 'not a url' }),
		status: 400,
		message: /webhookUrl/,
	},
];
