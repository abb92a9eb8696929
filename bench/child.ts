/**
 * One bench measurement in a fresh process, so that its RSS says something:
 *
 *   node --expose-gc --import tsx bench/child.ts '<ChildSpec as JSON>'
 *
 * Starts a node harness, stores the inputs, then runs the node once while sampling memory, and
 * prints one `BENCH_RESULT {json}` line (see types.ts). Exits non-zero only if it could not report.
 */
import { NodeHarness } from '../test/harness';
import { measureMemory } from './memory';
import { credentialTypes, scenarioFor } from './scenarios';
import { RESULT_PREFIX, type ChildResult, type ChildSpec } from './types';

async function main(): Promise<void> {
	const spec = JSON.parse(process.argv[2] ?? '') as ChildSpec;
	const scenario = scenarioFor(spec);
	const harness = await NodeHarness.start({ credentialTypes });
	try {
		await scenario.prepare(harness);
		const measured = await measureMemory(async () => await scenario.run(harness));
		const report: ChildResult = {
			startedAt: measured.startedAt,
			endedAt: measured.endedAt,
			memory: measured.memory,
			details: {},
		};
		try {
			report.details = await scenario.verify(harness, measured.value);
		} catch (error) {
			report.error = describe(error);
		}
		process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(report)}\n`);
	} finally {
		await harness.close();
	}
}

function describe(error: unknown): string {
	const { message, description } = error as { message?: string; description?: string };
	return [message ?? String(error), description].filter(Boolean).join(' — ');
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
