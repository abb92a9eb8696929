/** The ElevenLabs music models Video to Music accepts. */
export const MUSIC_MODELS = ['music_v1', 'music_v2', 'music_v2_5'] as const;
export type MusicModel = (typeof MUSIC_MODELS)[number];
export const DEFAULT_MODEL: MusicModel = 'music_v2';

/** How the canvas subtitle names the models. */
export const MODEL_LABELS: Record<MusicModel, string> = {
	music_v1: 'Music V1',
	music_v2: 'Music V2',
	music_v2_5: 'Music V2.5',
};
