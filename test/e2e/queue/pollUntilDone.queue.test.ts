// Sync Dub with Poll Until Done, started by a production webhook in queue mode: the webhook
// processor queues the run, a worker polls Sync and stores the dubbed video in PostgreSQL
// (binary data mode "database"), and the webhook processor answers with the worker's result.
import {
	binaryBytes,
	expectSuccess,
	nodeItems,
	emulatorOutput,
	useFastEmulator,
} from '../lib/runs';
import { getQueueContext } from './lib/queueContext';
import { downloadBinary, expectRanOnWorkers, postToWebhook, theExecutionOf } from './lib/scenario';
import { QUEUE_WORKFLOWS } from './workflows';

const ctx = getQueueContext();
const { id: WORKFLOW_ID, path } = QUEUE_WORKFLOWS.pollDub;

beforeAll(async () => {
	await useFastEmulator(ctx);
});

describe(`Sync Dub, Poll Until Done in queue mode, ${ctx.target.label}`, () => {
	it('polls on a worker, stores the dubbed video in the database and answers through the webhook processor', async () => {
		const videoUrl = 'https://media.example.com/queue-poll.mp4';
		const response = await postToWebhook(ctx, path, { videoUrl });
		expect(response.status).toBe(200);
		const answer = (await response.json()) as Record<string, unknown>;
		expect(answer).toMatchObject({ status: 'COMPLETED', id: expect.any(String) });

		const execution = await theExecutionOf(ctx, WORKFLOW_ID);
		expectSuccess(execution);
		expect(execution.mode).toBe('webhook');
		expectRanOnWorkers(ctx, execution.id, 1);

		const [dubbed] = nodeItems(execution.data, 'Sync Dub');
		expect(dubbed.json).toMatchObject({ id: answer.id, status: 'COMPLETED' });
		const video = dubbed.binary!.data;
		expect(video).toMatchObject({ mimeType: 'video/mp4', id: expect.stringMatching(/^database:/) });
		const bytes = await downloadBinary(ctx, video);
		expect(bytes.equals(await emulatorOutput(dubbed.json.outputUrl))).toBe(true);
		expect(bytes.length).toBe(binaryBytes(video));
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');

		const generation = await ctx.emulatorAdmin.generation(answer.id);
		expect(generation.input[0]).toMatchObject({ url: videoUrl });
		expect(generation.dubParams).toMatchObject({ targetLang: 'de' });
	});
});
