import type { SyncConfig } from './config';
import type { Asset } from './store';
import type { CreateRequest } from './validation';

/** How long media and outputs last: what plan limits, costs and the lifecycle are measured by. */

const charactersPerSecond = 15;

/** Seconds of media: the asset's probed duration, a `?duration=N` URL hook, or the default. */
export function mediaDuration(
	item: Record<string, unknown>,
	asset: Asset | undefined,
	config: SyncConfig,
): number {
	if (item.type === 'text') {
		const script = (item.provider as { script?: string } | undefined)?.script ?? '';
		return Math.max(1, Math.ceil(script.length / charactersPerSecond));
	}
	if (asset?.durationSeconds !== undefined) return asset.durationSeconds;
	const location = asset?.url ?? (item.url as string | undefined);
	if (location) {
		try {
			const hinted = Number(new URL(location).searchParams.get('duration'));
			if (Number.isFinite(hinted) && hinted > 0) return hinted;
		} catch {
			// not a URL: use the default
		}
	}
	return config.defaultMediaDurationSeconds;
}

/** Output length the request will produce, following the sync_mode rules (reference §2.1.3). */
export function expectedOutputSeconds(
	request: Pick<CreateRequest, 'media' | 'options' | 'dubParams' | 'segments'>,
): number {
	const visual = request.media.find((m) => m.type === 'video' || m.type === 'image');
	const voices = request.media.filter((m) => m.type === 'audio' || m.type === 'text');
	const video = visual?.durationSeconds ?? 0;
	if (request.dubParams || voices.length === 0) return video;
	const audio = voices.reduce((sum, m) => sum + m.durationSeconds, 0);
	if (visual?.type === 'image') return audio;
	if (request.segments) return video;
	switch (request.options.sync_mode) {
		case 'cut_off':
			return Math.min(video, audio);
		case 'silence':
			return video;
		default:
			return audio; // bounce, loop, remap: the video is fitted to the audio
	}
}
