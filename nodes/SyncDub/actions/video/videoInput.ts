/** What Dub and Estimate Cost share: the video parameter's naming and the default model. */

export const DEFAULT_MODEL = 'lipsync-2';

export const VIDEO = {
	name: 'video',
	displayName: 'Video',
	kind: 'video',
	binaryField: 'Input Binary Field',
} as const;
