// Video To Music in queue mode with a video uploaded to a Webhook node: the webhook processor
// stores the upload in PostgreSQL, a worker reads it from there, uploads it to ElevenLabs and
// stores the soundtrack, and the webhook processor answers with the soundtrack's bytes.
import { readFileSync } from 'node:fs';

import { binaryBytes, expectSuccess, fixturePath, nodeItems } from '../lib/runs';
import { getQueueContext } from './lib/queueContext';
import { downloadBinary, expectRanOnWorkers, postToWebhook, theExecutionOf } from './lib/scenario';
import { QUEUE_WORKFLOWS } from './workflows';

const ctx = getQueueContext();
const { id: WORKFLOW_ID, path } = QUEUE_WORKFLOWS.videoToMusic;

describe(`Video To Music in queue mode, ${ctx.target.label}`, () => {
	it('composes a soundtrack on a worker for a video uploaded to the webhook processor, binary in and out of the database', async () => {
		const video = readFileSync(fixturePath('sample-video.mp4'));
		const form = new FormData();
		form.append('data', new Blob([video], { type: 'video/mp4' }), 'uploaded.mp4');
		const generationsBefore = (await ctx.emulatorAdmin.counters()).musicGenerations;

		const response = await postToWebhook(ctx, path, form);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^audio\/mpeg/);
		const answered = Buffer.from(await response.arrayBuffer());

		const execution = await theExecutionOf(ctx, WORKFLOW_ID);
		expectSuccess(execution);
		expectRanOnWorkers(ctx, execution.id, 1);

		const [upload] = nodeItems(execution.data, 'Webhook');
		expect(upload.binary?.data).toMatchObject({
			fileName: 'uploaded.mp4',
			mimeType: 'video/mp4',
			id: expect.stringMatching(/^database:/),
		});
		expect(binaryBytes(upload.binary!.data)).toBe(video.length);

		const [soundtrack] = nodeItems(execution.data, 'Video To Music');
		expect(soundtrack.json).toMatchObject({ mimeType: 'audio/mpeg', videoCount: 1 });
		expect(soundtrack.json.videos).toEqual([expect.objectContaining({ fileName: 'uploaded.mp4' })]);
		const audio = soundtrack.binary!.data;
		expect(audio.id).toMatch(/^database:/);
		const stored = await downloadBinary(ctx, audio);
		expect(stored.length).toBe(binaryBytes(audio));
		expect(stored.length).toBe(soundtrack.json.bytes);
		expect(stored[0] === 0xff && (stored[1] & 0xe0) === 0xe0).toBe(true);
		expect(answered.equals(stored)).toBe(true);
		expect((await ctx.emulatorAdmin.counters()).musicGenerations).toBe(generationsBefore + 1);
	});
});
