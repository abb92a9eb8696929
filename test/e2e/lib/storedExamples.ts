// What the bucket-and-mail examples (01, 04b, 05, 06) need in a test: their input videos in the
// local bucket under a folder of the test's own, their Settings pointed at it, and the checks
// that what landed in the bucket is exactly what the emulator produced.
import type { E2eContext } from './context';
import { asCopy, loadExample, withSettings } from './examples';
import type { WorkflowJson } from './n8nInstance';
import { emulatorOutput, fixturePath } from './runs';

/** Settings every bucket example has, scoped to one test's folder of the bucket. */
export function bucketSettings(ctx: E2eContext, folder: string): Record<string, string> {
	return {
		bucket: ctx.bucket.name,
		outputFolder: `${folder}/out`,
		mailTo: `${folder}@team.example`,
		mailFrom: 'n8n@example.com',
	};
}

/** An example as a test runs it: under its own id, with its Settings scoped to `folder`. */
export function storedExample(
	ctx: E2eContext,
	file: string,
	id: string,
	folder: string,
	settings: Record<string, string> = {},
	webhookIds: Record<string, string> = {},
): WorkflowJson {
	return withSettings(asCopy(loadExample(file), id, webhookIds), {
		...bucketSettings(ctx, folder),
		...settings,
	});
}

/** Uploads test fixtures into the bucket as `<folder>/<name>` and returns their keys. */
export async function putFixtures(
	ctx: E2eContext,
	folder: string,
	names: string[],
): Promise<string[]> {
	const keys = names.map((name) => `${folder}/${name}`);
	await Promise.all(
		names.map(async (name, index) => {
			const contentType = name.endsWith('.mp4') ? 'video/mp4' : 'text/plain';
			await ctx.bucket.putFile(keys[index], fixturePath(name), contentType);
		}),
	);
	return keys;
}

/**
 * Expects the object at `key` to be the emulator's output of a generation, byte for byte, stored
 * with `contentType`.
 */
export async function expectStoredOutput(
	ctx: E2eContext,
	key: string,
	outputUrl: unknown,
	contentType = 'video/mp4',
): Promise<Buffer> {
	const stored = await ctx.bucket.get(key);
	expect(stored.contentType).toBe(contentType);
	const expected = await emulatorOutput(outputUrl);
	expect(stored.bytes.length).toBe(expected.length);
	expect(stored.bytes.equals(expected)).toBe(true);
	return stored.bytes;
}

/** Keys of the bucket below `prefix`. */
export async function keysUnder(ctx: E2eContext, prefix: string): Promise<string[]> {
	return (await ctx.bucket.list(prefix)).map((object) => object.key);
}
