// One video dubbed into several languages by Sync Dub 1.1 (one asset upload, then one generation
// per language, polled to the end), without and with the cost guard: what the guard's estimates
// add in requests and wall time.
import { table } from './markdown';
import type { SectionContext } from './sections';
import { expectEqual, measure, seconds, syncTarget, TIMING, withEmulator } from './sections';
import { MB } from './types';

export const DUB_LANGUAGES = ['es', 'fr', 'de'];
/** Runs per variant; the report shows the median wall time (one run's noise is ±50 ms here). */
const REPEATS = 3;

export interface DubLanguagesRun {
	costGuard: boolean;
	languages: number;
	wallMs: number;
	generationsCreated: number;
	estimateRequests: number;
	createRequests: number;
	/** Every request the node made, the upload and the status reads included. */
	requests: number;
	statuses: string;
}

const isEstimate = (route: string) =>
	route === 'POST /v2/analyze/cost' ||
	route.startsWith('POST /v2/generations/estimate') ||
	route === 'POST /v2/generate/estimate-cost';

/** Runs the dub without and with a cost limit (Max Cost per Execution 100 USD), each 3 times. */
export async function dubLanguages(ctx: SectionContext): Promise<DubLanguagesRun[]> {
	const runs: DubLanguagesRun[] = [];
	for (const costGuard of [false, true]) {
		const repeats: DubLanguagesRun[] = [];
		for (let repeat = 0; repeat < REPEATS; repeat += 1) {
			const run = await dubOnce(ctx, costGuard);
			if (run) repeats.push(run);
		}
		repeats.sort((a, b) => a.wallMs - b.wallMs);
		const median = repeats[Math.floor(repeats.length / 2)];
		if (median) runs.push(median);
	}
	return runs;
}

async function dubOnce(
	ctx: SectionContext,
	costGuard: boolean,
): Promise<DubLanguagesRun | undefined> {
	const videoPath = await ctx.files.video(1 * MB);
	return await withEmulator({ sync: { timing: TIMING } }, async (emulator) => {
		const name = `Sync Dub into ${DUB_LANGUAGES.length} languages${costGuard ? ', cost guard' : ''}`;
		const result = await measure(ctx, name, {
			kind: 'dubLanguages',
			videoPath,
			languages: DUB_LANGUAGES,
			costGuard,
			...syncTarget(emulator),
		});
		if (!result) return undefined;
		const counters = emulator.admin.counters();
		const requests = Object.entries(counters.requests);
		const count = (match: (route: string) => boolean) =>
			requests.filter(([route]) => match(route)).reduce((sum, [, n]) => sum + n, 0);
		const run: DubLanguagesRun = {
			costGuard,
			languages: DUB_LANGUAGES.length,
			wallMs: result.endedAt - result.startedAt,
			generationsCreated: counters.generationsCreated,
			estimateRequests: count(isEstimate),
			createRequests: count((route) => route === 'POST /v2/generate'),
			requests: count(() => true),
			statuses: result.error ? `node failed: ${result.error}` : String(result.details.statuses),
		};
		expectEqual(ctx, `${name}: generations created`, run.generationsCreated, DUB_LANGUAGES.length);
		expectEqual(
			ctx,
			`${name}: estimates`,
			run.estimateRequests,
			costGuard ? DUB_LANGUAGES.length : 0,
		);
		ctx.log(
			`${name}: ${seconds(run.wallMs)} s, ${run.requests} requests, ${run.estimateRequests} estimates`,
		);
		return run;
	});
}

export function dubLanguagesSection(runs: DubLanguagesRun[], index: number): string {
	const without = runs.find((run) => !run.costGuard);
	const withGuard = runs.find((run) => run.costGuard);
	const overhead =
		without && withGuard
			? `The cost guard added ${withGuard.estimateRequests} estimate requests; wall time ` +
				`${seconds(without.wallMs)} s without, ${seconds(withGuard.wallMs)} s with it ` +
				`(medians of ${REPEATS} runs each).`
			: '';
	return [
		`### ${index}. Sync Dub into ${DUB_LANGUAGES.length} languages, with and without the cost guard`,
		'',
		`One item with a 1 MB binary video (uploaded once as an asset), Target Languages ` +
			`${DUB_LANGUAGES.join(', ')}, Max Concurrent Jobs ${DUB_LANGUAGES.length}, Poll Until Done, ` +
			'no download. With the cost guard, Max Cost per Execution is 100 USD: Sync estimates every ' +
			`language before anything is submitted. ${overhead}`,
		'',
		table(
			[
				'Cost guard',
				'Wall time (s)',
				'Generations',
				'Estimate requests',
				'POST /v2/generate',
				'Requests in all',
				'Outcome',
			],
			runs.map((run) => [
				run.costGuard ? 'on' : 'off',
				seconds(run.wallMs),
				String(run.generationsCreated),
				String(run.estimateRequests),
				String(run.createRequests),
				String(run.requests),
				run.statuses,
			]),
			[0, 6],
		),
	].join('\n');
}
