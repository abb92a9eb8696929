/** Static Sync Labs lists: models (§2.1.6, §2.8), dubbing languages (§6.4), option enums (§2.1.3). */

export const syncModels = [
	'lipsync-2',
	'lipsync-1.9.0-beta',
	'lipsync-2-pro',
	'react-1',
	'sync-3',
] as const;
export type SyncModel = (typeof syncModels)[number];

export const modelInfos = [
	{
		id: 'a6b2c3d4-0001-4000-8000-000000000001',
		name: 'lipsync-2',
		type: 'lipsync',
		version: '2.0.0',
		description: 'Zero-shot lip-sync that keeps the speaker style.',
	},
	{
		id: 'a6b2c3d4-0002-4000-8000-000000000002',
		name: 'lipsync-1.9.0-beta',
		type: 'lipsync',
		version: '1.9.0',
		description: 'Legacy lip-sync model.',
	},
	{
		id: 'a6b2c3d4-0003-4000-8000-000000000003',
		name: 'lipsync-2-pro',
		type: 'lipsync',
		version: '2.1.0',
		description: 'Higher-fidelity lip-sync for close-ups.',
	},
	{
		id: 'a6b2c3d4-0004-4000-8000-000000000004',
		name: 'react-1',
		type: 'react',
		version: '1.0.0',
		description: 'Re-animates the whole face with emotion prompts.',
	},
	{
		id: 'a6b2c3d4-0005-4000-8000-000000000005',
		name: 'sync-3',
		type: 'lipsync',
		version: '3.0.0',
		description: 'Newest model; also animates still images.',
	},
] as const;

/** USD per output frame, derived from the 2026 billing page (≈ $/s at 25 fps ÷ 25). */
export const pricePerFrameUsd: Record<SyncModel, number> = {
	'lipsync-2': 0.002,
	'lipsync-1.9.0-beta': 0.002,
	'lipsync-2-pro': 0.00332,
	'react-1': 0.00532,
	'sync-3': 0.00532,
};

export const inputTypes = ['video', 'image', 'audio', 'text'] as const;
export const syncModes = ['bounce', 'loop', 'cut_off', 'silence', 'remap'] as const;
export const modelModes = ['lips', 'face', 'head'] as const;
export const emotionPrompts = [
	'happy',
	'sad',
	'angry',
	'disgusted',
	'surprised',
	'neutral',
] as const;
export const generationStatuses = [
	'PENDING',
	'PROCESSING',
	'COMPLETED',
	'FAILED',
	'REJECTED',
] as const;
export type GenerationStatus = (typeof generationStatuses)[number];
export const terminalStatuses: readonly GenerationStatus[] = ['COMPLETED', 'FAILED', 'REJECTED'];

export const batchStatuses = [
	'PENDING',
	'JOBS_CREATED',
	'PROCESSING',
	'COMPLETED',
	'FAILED',
] as const;
export type BatchStatus = (typeof batchStatuses)[number];

/** The 93 `DubLanguage` codes in spec order; `sourceLang` also accepts `auto`. */
export const dubLanguages: readonly string[] = (
	'en gu no sl pa ta az gl is sw my fi el he lt ms sv fr ca hr lv ro sd th tn pl ceb da hu mr tl ' +
	'ug wo zu zh hi as ha kk ki rn ky st te war ak be cs ka mn bo ts ar ss nl tr af bs et rw ne ko ' +
	'it es sq eu kn sk su ve pt am hy doi de jv mk ja vi cy nso uk bg id lg yo ml fa tg ur uz ru fil'
).split(' ');

export const assetTypes = ['AUDIO', 'VIDEO', 'IMAGE'] as const;
export type AssetType = (typeof assetTypes)[number];
