import { NodeOperationError } from 'n8n-workflow';
import { join } from 'node:path';

import { createCases, withOptions } from './badInputCases';
import { otherCases } from './badInputOtherCases';
import { FIXTURES, VIDEO_URL, createParameters, items, useTestBed } from './setup';

/**
 * Bad input is refused before any request: every case below must fail with a NodeOperationError
 * that names the problem, while the emulator's counters show that nothing reached it.
 */

const bed = useTestBed();

const cases = [...createCases(bed), ...otherCases(bed)];

describe('bad input fails before any request', () => {
	it('covers at least 25 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(25);
	});

	it.each(cases.map((badCase) => [badCase.name, badCase] as const))(
		'%s',
		async (_name, badCase) => {
			const inputItems = badCase.items ? await badCase.items() : undefined;
			const credentials = badCase.baseUrl
				? {
						videoDubSyncLabsApi: {
							...bed.credentials!.videoDubSyncLabsApi,
							baseUrl: badCase.baseUrl,
						},
					}
				: bed.credentials;
			const result = await bed.run(badCase.parameters, { items: inputItems, credentials });
			expect(result.output).toBeNull();
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error!.message).toMatch(badCase.expected);
			expect(bed.emulator.admin.counters().requests).toEqual({});
			expect(bed.emulator.admin.counters().generationsCreated).toBe(0);
		},
	);

	it('with Continue On Fail, a bad item becomes an error item and the good ones still run', async () => {
		const result = await bed.run(
			createParameters({ videoUrl: '={{ $json.video }}', completion: 'none' }),
			{
				continueOnFail: true,
				items: items(3, (index) => ({ video: index === 1 ? '' : VIDEO_URL })),
			},
		);
		expect(result.error).toBeUndefined();
		const output = result.output![0];
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(/"Video URL" is empty \(item 1\)/);
		expect(output[0].json.status).toBe('PENDING');
		expect(output[2].json.status).toBe('PENDING');
		expect(bed.emulator.admin.counters().generationsCreated).toBe(2);
	});

	it('react-1 options are dropped by n8n for other models and never sent', async () => {
		const result = await bed.run(
			withOptions(
				{ modelMode: 'head', emotion: 'happy', syncMode: 'loop' },
				createParameters({ completion: 'none' }),
			),
		);
		expect(result.error).toBeUndefined();
		const [generation] = bed.emulator.admin.generations();
		expect(generation.options).toEqual({ sync_mode: 'loop' });
	});

	it('a failed upload of a binary input is a clear error naming the storage', async () => {
		bed.emulator.admin.injectFault({
			vendor: 'storage',
			method: 'PUT',
			kind: 'status',
			status: 403,
			times: 10,
		});
		const video = await bed.harness.binaryFromFile(join(FIXTURES, 'sample-video.mp4'), 'video/mp4');
		const result = await bed.run(
			createParameters({ videoSource: 'binary', videoBinaryProperty: 'data' }),
			{
				items: [{ json: {}, binary: { data: video } }],
			},
		);
		expect(result.error).toBeDefined();
		expect(result.error!.message).toMatch(/Sync Labs/);
		expect(bed.emulator.admin.counters().generationsCreated).toBe(0);
		expect(bed.emulator.admin.counters().uploadsReceived).toBe(0);
	});
});
