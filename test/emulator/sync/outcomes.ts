import { catalogEntry } from './errorCatalog';
import type { PlannedOutcome } from './store';
import type { MediaRef } from './validation';

/**
 * Emulator-only test hooks deciding how a generation ends (reference §8.3), first match wins:
 * 1. header `x-emulator-outcome: COMPLETED | FAILED | REJECTED[:<errorCode>]`
 * 2. outcomes queued with `admin.setNextOutcome(...)`
 * 3. an input URL (or asset URL) containing `reject` → REJECTED `plan_feature_unavailable`
 * 4. an input URL containing `fail` → FAILED `generation_input_<type>_inaccessible`
 * 5. a dub whose video URL contains `nospeech` → FAILED `generation_input_audio_invalid`
 * 6. a dub into a language of the config's `failDubLanguages` → FAILED `generation_pipeline_failed`
 *    (one language of a multi-language run fails, the others complete)
 * 7. otherwise COMPLETED.
 */

const statuses = ['COMPLETED', 'FAILED', 'REJECTED'] as const;

export function outcome(
	status: PlannedOutcome['status'],
	errorCode?: string | null,
	error?: string,
): PlannedOutcome {
	if (status === 'COMPLETED') return { status, errorCode: null, error: null };
	const code =
		errorCode ??
		(status === 'REJECTED' ? 'plan_feature_unavailable' : 'generation_pipeline_failed');
	return { status, errorCode: code, error: error ?? catalogEntry(code).message };
}

export function parseOutcomeHeader(value: string | undefined): PlannedOutcome | undefined {
	if (!value) return undefined;
	const [status, code] = value.trim().split(':');
	const upper = status.toUpperCase() as PlannedOutcome['status'];
	if (!statuses.includes(upper)) return undefined;
	return outcome(upper, code?.trim() || undefined);
}

export function planOutcome(
	media: MediaRef[],
	dub: { targetLang: string } | undefined,
	header: PlannedOutcome | undefined,
	queue: PlannedOutcome[],
	failDubLanguages: readonly string[] = [],
): PlannedOutcome {
	const dubbing = dub !== undefined;
	if (header) return header;
	const queued = queue.shift();
	if (queued) return queued;
	const located = media.filter((m) => m.location !== undefined);
	if (located.some((m) => m.location!.toLowerCase().includes('reject'))) return outcome('REJECTED');
	const failing = located.find((m) => m.location!.toLowerCase().includes('fail'));
	if (failing) return outcome('FAILED', `generation_input_${failing.type}_inaccessible`);
	const visual = located.find((m) => m.type === 'video' || m.type === 'image');
	if (dubbing && visual?.location?.toLowerCase().includes('nospeech')) {
		return outcome(
			'FAILED',
			'generation_input_audio_invalid',
			'No speech was detected in the source video, so there is nothing to dub.',
		);
	}
	if (dub && failDubLanguages.includes(dub.targetLang)) {
		return outcome(
			'FAILED',
			'generation_pipeline_failed',
			`Dubbing into "${dub.targetLang}" failed (emulator: failDubLanguages).`,
		);
	}
	return outcome('COMPLETED');
}
