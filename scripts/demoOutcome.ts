// What one example left behind, read the way a person checks: the files in the bucket folder it
// writes to, the mails its recipient got, and (for the disk-only examples) the files on disk.
// Each must be there and be real media, or the example counts as failed.
import type { BucketObject } from '../test/e2e/lib/bucket';
import type { Bucket } from '../test/e2e/lib/bucket';
import type { Inbox } from '../test/e2e/lib/inbox';
import { listMediaFiles, mediaKindOf, type MediaFile, type MediaKind } from './demoMedia';

/** Where an example's Settings say it stores and mails (all optional). */
export interface PlannedOutputs {
	outputDir?: string;
	bucketFolder?: string;
	mailTo?: string;
}

export interface StoredMedia extends BucketObject {
	kind: MediaKind;
	/** Opens the object in a browser (the local bucket serves anonymous reads). */
	url: string;
}

export interface SentMail {
	subject: string;
	to: string[];
}

export interface ExampleOutcome {
	/** Files written to disk. */
	files: MediaFile[];
	/** Objects stored in the bucket during the run. */
	stored: StoredMedia[];
	mails: SentMail[];
	/** Why the outcome is not what the example promises, if it is not. */
	problem?: string;
}

const MAIL_WAIT_MS = 10_000;

async function storedSince(bucket: Bucket, folder: string, since: number): Promise<StoredMedia[]> {
	const objects = await bucket.list(`${folder}/`);
	// Folders are shared between examples (01 and 05 both write to dubbed/): keep this run's.
	const ours = objects.filter((object) => object.lastModified >= since - 1_000);
	return await Promise.all(
		ours.map(async (object) => ({
			...object,
			kind: mediaKindOf((await bucket.get(object.key)).bytes.subarray(0, 16)),
			url: bucket.objectUrl(object.key),
		})),
	);
}

async function mailsTo(inbox: Inbox, recipient: string): Promise<SentMail[]> {
	const mails = await inbox.waitFor((mail) => mail.to.includes(recipient), {
		timeoutMs: MAIL_WAIT_MS,
		settleMs: 0,
	});
	return mails.map(({ subject, to }) => ({ subject, to }));
}

function problemOf(outputs: PlannedOutputs, outcome: Omit<ExampleOutcome, 'problem'>) {
	// A run that "succeeds" without playable media is still a broken demo.
	if (outputs.outputDir && outcome.files.length === 0) return 'no file was written';
	if (outputs.bucketFolder && outcome.stored.length === 0) {
		return `nothing was stored in the bucket under ${outputs.bucketFolder}/`;
	}
	const media = [...outcome.files, ...outcome.stored];
	const unplayable = media.find((file) => file.kind === 'unknown' || file.size === 0);
	if (unplayable) return `${'key' in unplayable ? unplayable.key : unplayable.path} is not media`;
	if (outputs.mailTo && outcome.mails.length === 0) return `no mail reached ${outputs.mailTo}`;
	return undefined;
}

export async function collectOutcome(
	env: { bucket: Bucket; inbox: Inbox },
	outputs: PlannedOutputs,
	startedAt: number,
): Promise<ExampleOutcome> {
	const outcome = {
		files: outputs.outputDir ? listMediaFiles(outputs.outputDir) : [],
		stored: outputs.bucketFolder
			? await storedSince(env.bucket, outputs.bucketFolder, startedAt)
			: [],
		mails: outputs.mailTo ? await mailsTo(env.inbox, outputs.mailTo) : [],
	};
	return { ...outcome, problem: problemOf(outputs, outcome) };
}
