import { NodeOperationError } from 'n8n-workflow';

import { useSyncDub } from './setup';

/** Poll Until Done reads Sync's progress (`include=progress`): logged, and kept in the output. */
const env = useSyncDub();

const slow = (processingMs: number) =>
	env.emulator.admin.configureSync({ timing: { pendingMs: 50, processingMs, batchPendingMs: 50 } });
const progressLines = () =>
	env.harness.logs.filter((line) => /^Sync Labs generation \S+: \w+, \d+ %$/.test(line.message));

describe('progress while polling', () => {
	it('the output keeps the progress and status, and the log says what Sync reported', async () => {
		slow(1500);
		const before = progressLines().length;
		const { output, error } = await env.run({ targetLanguage: 'es', downloadOutput: false });
		expect(error).toBeUndefined();
		expect(output![0][0].json).toMatchObject({ status: 'COMPLETED', progressPercent: 100 });
		expect(progressLines().length).toBeGreaterThan(before);
		expect(env.emulator.admin.counters().requests['GET /v2/generate/:id']).toBeGreaterThanOrEqual(
			2,
		);
	});

	it('a poll timeout names the last status and progress', async () => {
		slow(10_000);
		const { error } = await env.run({ targetLanguage: 'es', timeout: 2 });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error!.message).toMatch(
			/^Generation \S+ did not finish within 2 seconds \(last status PROCESSING, \d+ %\)$/,
		);
		const last = progressLines().at(-1)!;
		expect(last.message).toMatch(/: PROCESSING, \d+ %$/);
	}, 20_000);
});
