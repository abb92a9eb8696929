import { getE2eContext } from './context';
import { createFilesDir, type FilesDir } from './files';
import { useFastEmulator } from './runs';

export const VIDEO_URL = 'https://media.example.com/presenter.mp4';
export const AUDIO_URL = 'https://media.example.com/voice.wav';

/**
 * What the Lipsync Generation e2e files share: the context, the node's type, the Sync credential,
 * and a folder n8n reads files from (set in `beforeAll`, which also puts the emulator on fast
 * timings; removed in `afterAll`).
 */
export function lipsyncSuite(folderName: string) {
	const ctx = getE2eContext();
	const suite = {
		ctx,
		TYPE: ctx.nodeType('lipsyncGeneration'),
		credentials: ctx.credentialRef('videoDubSyncLabsApi'),
		files: undefined as unknown as FilesDir,
	};
	beforeAll(async () => {
		await useFastEmulator(ctx);
		suite.files = createFilesDir(ctx.n8n.state, folderName);
	});
	afterAll(() => suite.files?.remove());
	return suite;
}
