/**
 * Bad input across the action nodes (issue 14 classes 1–3): every item is checked before the first
 * request, so a bad item anywhere means zero requests reach either API, the storage or a media host;
 * the error names the field, the rule and the item; with Continue On Fail every input item gives
 * exactly one output item, paired; a password in a URL never shows up anywhere.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { LipsyncGeneration } from '../../nodes/LipsyncGeneration/LipsyncGeneration.node';
import { SyncDub } from '../../nodes/SyncDub/SyncDub.node';
import type { RunNodeResult } from '../harness';
import { createParameters, useTestBed } from '../nodes/LipsyncGeneration/setup';
import { SAMPLE_VIDEO, useVideoToMusic } from '../nodes/VideoToMusic/setup';

const sync = useTestBed();
const music = useVideoToMusic();

const PASSWORD = 's3cr3t-Pa55word';
const URL_WITH_PASSWORD = `https://editor:${PASSWORD}@media.example.com/face.mp4`;

const allRequests = () =>
	Object.values(sync.emulator.admin.counters().requests).reduce((sum, count) => sum + count, 0) +
	Object.values(music.emulator.admin.counters().requests).reduce((sum, count) => sum + count, 0) +
	music.media.requests.length;

beforeEach(() => {
	sync.emulator.admin.reset();
	music.emulator.admin.reset();
	music.media.reset();
});

const emptyItems = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, () => ({ json: {} }));

async function binaryItem(
	content: Buffer,
	mimeType: string,
	fileName: string,
): Promise<INodeExecutionData> {
	return {
		json: {},
		binary: { data: await sync.harness.binaryFromBuffer(content, mimeType, fileName) },
	};
}

/** The node's error (stopped) and, with Continue On Fail, its paired output. */
async function bothWays(run: (continueOnFail: boolean) => Promise<RunNodeResult>) {
	const stopped = await run(false);
	const requestsWhenStopped = allRequests();
	const continued = await run(true);
	return { stopped, requestsWhenStopped, continued };
}

function expectRefused(result: RunNodeResult, message: RegExp) {
	expect(result.output).toBeNull();
	expect(result.error).toBeInstanceOf(NodeOperationError);
	expect(result.error!.message).toMatch(message);
}

function expectPaired(result: RunNodeResult, inputCount: number, failedItems: number[]) {
	expect(result.error).toBeUndefined();
	const output = result.output![0];
	expect(output.map((item) => item.pairedItem)).toEqual(
		Array.from({ length: inputCount }, (_, item) => ({ item })),
	);
	const failed = output.flatMap((item, index) => (item.json.error ? [index] : []));
	expect(failed).toEqual(failedItems);
}

describe('Video To Music checks every item before it fetches or sends anything', () => {
	const runVideoToMusic =
		(items: INodeExecutionData[], parameters: INodeParameters = {}) =>
		(continueOnFail: boolean) =>
			music.run(parameters, { items, continueOnFail });

	it('a good item and one whose description is 1,001 characters: nothing is downloaded or sent', async () => {
		const good = music.media.add('/good.mp4', { path: SAMPLE_VIDEO });
		const items = [
			{ json: { description: 'calm piano' } },
			{ json: { description: 'x'.repeat(1001) } },
		];
		const parameters = {
			videoSource: 'url',
			videoUrls: good,
			description: '={{ $json.description }}',
		};
		const { stopped, requestsWhenStopped } = await bothWays(runVideoToMusic(items, parameters));
		expectRefused(
			stopped,
			/^"Description" must be at most 1,000 characters \(it has 1,001\) \(item 1\)$/,
		);
		expect(requestsWhenStopped).toBe(0);
	});

	it.each([
		[
			'an empty file',
			Buffer.alloc(0),
			'video/mp4',
			/^Binary property "data" is empty \(0 bytes\) \(item 0\)$/,
		],
		[
			'a text file',
			Buffer.from('not a video'),
			'text/plain',
			/^Binary property "data" must be a video file, got "notes.txt \(text\/plain\)" \(item 0\)$/,
		],
	])('refuses %s as the video, before any request', async (_name, content, mimeType, message) => {
		const items = [
			await binaryItem(content, mimeType, 'notes.txt'),
			{ json: {}, binary: (await music.videoItem({ data: SAMPLE_VIDEO })).binary },
		];
		const { stopped, requestsWhenStopped, continued } = await bothWays(runVideoToMusic(items));
		expectRefused(stopped, message);
		expect(requestsWhenStopped).toBe(0);
		expectPaired(continued, 2, [0]);
	});

	it('refuses video URLs with a password without echoing it', async () => {
		const { stopped, requestsWhenStopped, continued } = await bothWays(
			runVideoToMusic(emptyItems(1), { videoSource: 'url', videoUrls: URL_WITH_PASSWORD }),
		);
		expectRefused(
			stopped,
			/^"Video URLs" must not contain a user name or password, got "https:\/\/\*\*\*@media\.example\.com\/face\.mp4" \(item 0\)$/,
		);
		expect(requestsWhenStopped).toBe(0);
		expectPaired(continued, 1, [0]);
		expect(
			JSON.stringify([stopped.error, continued.output, music.harness.logText()]),
		).not.toContain(PASSWORD);
	});
});

describe('the Sync nodes check every item before the first request', () => {
	const runLipsync =
		(parameters: INodeParameters, items: INodeExecutionData[]) => (continueOnFail: boolean) =>
			sync.run(parameters, { items, continueOnFail });
	const runSyncDub =
		(parameters: INodeParameters, items: INodeExecutionData[]) => (continueOnFail: boolean) =>
			sync.harness.runNode({
				node: new SyncDub(),
				credentials: sync.credentials,
				parameters,
				items,
				continueOnFail,
			});

	it('Sync Dub: a model set by expression to an unknown value', async () => {
		const items = [{ json: { model: 'lipsync-2' } }, { json: { model: 'lipsync-9' } }];
		const parameters = {
			videoUrl: 'https://media.example.com/talk.mp4',
			model: '={{ $json.model }}',
			completion: 'none',
		};
		const { stopped, requestsWhenStopped, continued } = await bothWays(
			runSyncDub(parameters, items),
		);
		expectRefused(
			stopped,
			/^"Model" must be one of sync-3, lipsync-2-pro, lipsync-2, lipsync-1\.9\.0-beta, react-1, got "lipsync-9" \(item 1\)$/,
		);
		expect(requestsWhenStopped).toBe(0);
		expectPaired(continued, 2, [1]);
	});

	it.each([
		[
			'an empty file',
			Buffer.alloc(0),
			'video/mp4',
			/^Binary property "data" is empty \(0 bytes\) \(item 0\)$/,
		],
		[
			'a text file',
			Buffer.from('hello'),
			'text/plain',
			/^Binary property "data" must be a video file/,
		],
	])('Sync Dub: %s as the video', async (_name, content, mimeType, message) => {
		const items = [await binaryItem(content, mimeType, 'notes.txt')];
		const parameters = { videoSource: 'binary', videoBinaryProperty: 'data', completion: 'none' };
		const { stopped, requestsWhenStopped, continued } = await bothWays(
			runSyncDub(parameters, items),
		);
		expectRefused(stopped, message);
		expect(requestsWhenStopped).toBe(0);
		expectPaired(continued, 1, [0]);
	});

	it('Lipsync Generation: a text file as the audio', async () => {
		const items = [await binaryItem(Buffer.from('hello'), 'text/plain', 'script.txt')];
		const parameters = createParameters({
			audioSource: 'binary',
			audioBinaryProperty: 'data',
			completion: 'none',
		});
		const { stopped, requestsWhenStopped } = await bothWays(runLipsync(parameters, items));
		expectRefused(
			stopped,
			/^Binary property "data" must be an audio file, got "script\.txt \(text\/plain\)" \(item 0\)$/,
		);
		expect(requestsWhenStopped).toBe(0);
	});

	it('Lipsync Generation: segments that overlap in time', async () => {
		const speaker = (refId: string) => ({
			refId,
			voiceKind: 'audio',
			audioSource: 'url',
			audioUrl: `https://media.example.com/${refId}.wav`,
		});
		const parameters = createParameters({
			voiceInput: 'speakers',
			completion: 'none',
			speakers: { speaker: [speaker('host'), speaker('guest')] },
			segments: {
				segment: [
					{ startTime: 0, endTime: 5, refId: 'host' },
					{ startTime: 4, endTime: 9, refId: 'guest' },
				],
			},
		});
		const { stopped, requestsWhenStopped, continued } = await bothWays(
			runLipsync(parameters, emptyItems(2)),
		);
		expectRefused(
			stopped,
			/^Segment 2: "Video From" \(4\) overlaps segment 1 \(0–5 s\) \(item 0\)$/,
		);
		expect(requestsWhenStopped).toBe(0);
		expectPaired(continued, 2, [0, 1]);
	});

	it('Lipsync Generation: a media URL with a password, never echoed', async () => {
		const parameters = createParameters({ videoUrl: URL_WITH_PASSWORD, completion: 'none' });
		const { stopped, requestsWhenStopped, continued } = await bothWays(
			runLipsync(parameters, emptyItems(1)),
		);
		expectRefused(stopped, /^"Video URL" must not contain a user name or password/);
		expect(requestsWhenStopped).toBe(0);
		expect(JSON.stringify([stopped.error, continued.output, sync.harness.logText()])).not.toContain(
			PASSWORD,
		);
		expect(JSON.stringify(sync.emulator.admin.generations())).not.toContain(PASSWORD);
	});
});

describe('node-level settings with Continue On Fail: one paired error item per input item', () => {
	it.each([
		[
			'Sync Dub',
			() => new SyncDub(),
			{ videoUrl: 'https://media.example.com/talk.mp4', options: { maxConcurrentJobs: 0 } },
			/^"Max Concurrent Jobs" must be a number from 1 to 50, got 0$/,
		],
		[
			'Lipsync Generation',
			() => new LipsyncGeneration(),
			createParameters({ timeout: -5 }),
			/^"Timeout \(Seconds\)" must be a number from 1 to 604800, got -5$/,
		],
	])('%s', async (_name, node, parameters, message) => {
		const run = (continueOnFail: boolean) =>
			sync.harness.runNode({
				node: node(),
				credentials: sync.credentials,
				parameters,
				items: emptyItems(3),
				continueOnFail,
			});
		const { stopped, requestsWhenStopped, continued } = await bothWays(run);
		expectRefused(stopped, message);
		expect(requestsWhenStopped).toBe(0);
		expectPaired(continued, 3, [0, 1, 2]);
		expect(continued.output![0].every((item) => message.test(String(item.json.error)))).toBe(true);
	});

	it('Video To Music', async () => {
		const items = [
			await music.videoItem({ data: SAMPLE_VIDEO }),
			await music.videoItem({ data: SAMPLE_VIDEO }),
		];
		const run = (continueOnFail: boolean) =>
			music.run({ options: { maxConcurrentRequests: 0 } }, { items, continueOnFail });
		const { stopped, requestsWhenStopped, continued } = await bothWays(run);
		expectRefused(
			stopped,
			/^"Max Concurrent Requests" must be a whole number from 1 to 10, got 0$/,
		);
		expect(requestsWhenStopped).toBe(0);
		expectPaired(continued, 2, [0, 1]);
	});
});
