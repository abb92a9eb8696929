/**
 * How much of a node's run n8n spends collecting garbage: a CPU profile of the n8n process taken
 * by bench/n8nProfiler.cjs (loaded into the bench's n8n), cut to the node's run.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { waitUntil } from '../test/e2e/lib/waitUntil';

export const PROFILER_PRELOAD = join(__dirname, 'n8nProfiler.cjs');

interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string } }>;
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

interface ProfileFile {
	profile?: CpuProfile;
	clocks?: { epochMs: number; monotonicUs: number };
	error?: string;
}

/** Time of a window of n8n's main thread: all of it, and the part V8 spent in garbage collection. */
export interface GcShare {
	ms: number;
	gcMs: number;
}

/** n8n's environment for profiling: the preload and where it writes. */
export function profilerEnv(profileFile: string): Record<string, string> {
	return { NODE_OPTIONS: `--require ${PROFILER_PRELOAD}`, BENCH_PROFILE_FILE: profileFile };
}

/** Tells the preload in n8n's process `pid` to start or stop profiling. */
function command(pid: number, profileFile: string, what: 'start' | 'stop'): void {
	writeFileSync(`${profileFile}.command`, what);
	process.kill(pid, 'SIGUSR2');
}

/**
 * Profiles n8n's process `pid` while `run` runs; `window` picks the epoch-ms span of the profile to
 * count (the node's own run) from what `run` returned. A profile that cannot be had is reported
 * in `problem`, never fails the run.
 */
export async function profiled<T>(
	pid: number,
	profileFile: string,
	run: () => Promise<T>,
	window: (result: T) => { from: number; to: number } | undefined,
): Promise<{ result: T; gc?: GcShare; problem?: string }> {
	rmSync(profileFile, { force: true });
	command(pid, profileFile, 'start');
	const result = await run();
	command(pid, profileFile, 'stop');
	try {
		await waitUntil(async () => existsSync(profileFile), { timeoutMs: 30_000, what: 'the CPU profile of n8n' });
	} catch (error) {
		return { result, problem: (error as Error).message };
	}
	const file = JSON.parse(readFileSync(profileFile, 'utf8')) as ProfileFile;
	rmSync(profileFile, { force: true });
	const span = window(result);
	if (!file.profile || !file.clocks || !span) return { result, problem: file.error ?? 'no profile of the node' };
	return { result, gc: gcShare(file.profile, file.clocks, span) };
}

function gcShare(
	profile: CpuProfile,
	clocks: { epochMs: number; monotonicUs: number },
	span: { from: number; to: number },
): GcShare {
	const toMonotonic = (epochMs: number) => clocks.monotonicUs - (clocks.epochMs - epochMs) * 1000;
	const [from, to] = [toMonotonic(span.from), toMonotonic(span.to)];
	const names = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
	let at = profile.startTime;
	let gcUs = 0;
	for (let index = 0; index < profile.samples.length; index++) {
		at += profile.timeDeltas[index] ?? 0;
		if (at < from || at > to) continue;
		if (names.get(profile.samples[index]) === '(garbage collector)') gcUs += profile.timeDeltas[index] ?? 0;
	}
	return { ms: span.to - span.from, gcMs: gcUs / 1000 };
}
