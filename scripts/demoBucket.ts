// The demo's bucket: the sample videos go in before the examples run (as a team would drop its
// source videos into incoming/), and everything in it comes out into demo-output/ afterwards, so
// the results can be played without an S3 client.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Bucket } from '../test/e2e/lib/bucket';
import { fixturePath } from '../test/e2e/lib/runs';
import { INCOMING_FOLDER, SAMPLE_VIDEOS } from './demoExamples';

/** Puts the sample videos into `incoming/` and returns their keys. */
export async function putSampleVideos(bucket: Bucket): Promise<string[]> {
	const keys = SAMPLE_VIDEOS.map((name) => `${INCOMING_FOLDER}/${name}`);
	for (const [index, name] of SAMPLE_VIDEOS.entries()) {
		await bucket.putFile(keys[index], fixturePath(name), 'video/mp4');
	}
	return keys;
}

/** Copies every object of the bucket to `<targetDir>/<key>`. */
export async function copyBucket(bucket: Bucket, targetDir: string): Promise<void> {
	for (const object of await bucket.list()) {
		const file = path.join(targetDir, ...object.key.split('/'));
		mkdirSync(path.dirname(file), { recursive: true });
		writeFileSync(file, (await bucket.get(object.key)).bytes);
	}
}
