import type { INodeParameters } from 'n8n-workflow';

/** Media URLs Sync "downloads" from; the emulator never fetches them. */
const VIDEO_URL = 'https://media.example.com/face.mp4';
const AUDIO_URL = 'https://media.example.com/voice.wav';

/** Lipsync Generation → Asset → Upload of the binary property `data`. */
export const ASSET_UPLOAD: INodeParameters = {
	resource: 'asset',
	operation: 'upload',
	binaryPropertyName: 'data',
	mediaType: 'video',
};

/** Lipsync Generation → Create from video and audio URLs, with `overrides`. */
export function lipsyncCreate(overrides: INodeParameters): INodeParameters {
	return {
		resource: 'generation',
		operation: 'create',
		model: 'lipsync-2',
		videoSource: 'url',
		videoUrl: VIDEO_URL,
		voiceInput: 'audio',
		audioSource: 'url',
		audioUrl: AUDIO_URL,
		pollInterval: 1,
		timeout: 300,
		...overrides,
	};
}
