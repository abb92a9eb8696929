/** What the bench parent (run.ts) asks one child process (child.ts) to run, and what it gets back. */

export const MB = 1024 * 1024;

interface SyncTarget {
	syncBaseUrl: string;
	apiKey: string;
	webhookSecret: string;
}

export type ChildSpec =
	| { kind: 'videoToMusic'; elevenLabsBaseUrl: string; apiKey: string; videoPath: string }
	| ({ kind: 'assetUpload' | 'dubUpload'; videoPath: string } & SyncTarget)
	| ({ kind: 'lipsyncDownload' } & SyncTarget)
	| ({
			kind: 'manyItems';
			items: number;
			completion: 'none' | 'poll';
			maxConcurrentJobs: number;
	  } & SyncTarget)
	| ({ kind: 'getMany'; items: number; generationId: string } & SyncTarget)
	| ({ kind: 'dubLanguages'; videoPath: string; languages: string[]; costGuard: boolean } & SyncTarget);

export type ChildKind = ChildSpec['kind'];

/** Memory of the child, sampled every ~20 ms while the node ran. Bytes. */
export interface MemoryReport {
	/** After the harness started and the input was stored, then a full GC. */
	baselineRss: number;
	peakRss: number;
	baselineArrayBuffers: number;
	peakArrayBuffers: number;
	/** The kernel's peak RSS of the whole child process (includes storing the input). */
	maxRss: number;
	samples: number;
}

export interface ChildResult {
	/** Set when the node threw or its output was not what the scenario expects. */
	error?: string;
	/** Epoch ms around `execute()`, so the parent can relate them to emulator timestamps. */
	startedAt: number;
	endedAt: number;
	memory: MemoryReport;
	/** Scenario facts, e.g. input/output bytes, output item count. */
	details: Record<string, number | string>;
}

/** The child prints its result on one line with this prefix (n8n-core may log to stdout). */
export const RESULT_PREFIX = 'BENCH_RESULT ';
