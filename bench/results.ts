/** The measured numbers, as the sections produce them and the report prints them. */
import type { DubLanguagesRun } from './dubLanguages';
import type { ThroughputResults } from './throughputResults';

/** One run of a node on one payload size, in its own child process. */
export interface MemoryRun {
	label: string;
	/** Bytes the node moved (uploaded or downloaded). */
	payloadBytes: number;
	wallMs: number;
	/** Payload MB per second over the phase named in the series' `throughputOver`. */
	throughputMBs: number;
	/** Peak minus baseline while the node ran (baseline: after inputs were stored and a GC). */
	rssGrowth: number;
	arrayBuffersGrowth: number;
	baselineRss: number;
	/** The kernel's peak RSS of the whole child process. */
	processPeakRss: number;
	samples: number;
}

export interface MemorySeries {
	id: string;
	title: string;
	/** What each run does, one sentence for the report. */
	what: string;
	throughputOver: string;
	runs: MemoryRun[];
}

export interface ManyItemsRun {
	completion: 'none' | 'poll';
	maxConcurrentJobs: number;
	items: number;
	wallMs: number;
	generationsCreated: number;
	/** POST /v2/generate requests, including submits refused with 429 and retried. */
	createRequests: number;
	statusRequests: number;
	otherRequests: number;
	/** Most generations PENDING or PROCESSING at the same moment, from the emulator's records. */
	maxRunning: number;
	/** Output statuses, e.g. `COMPLETED 50`, or the node's error. */
	statuses: string;
	/** The node threw: the numbers are up to that moment. */
	failed: boolean;
}

export interface TransportRun {
	items: number;
	wallMs: number;
	getRequests: number;
}

export interface Check {
	name: string;
	limit: string;
	measured: string;
	pass: boolean;
}

export interface MachineFacts {
	date: string;
	cpuCount: number;
	cpuModel: string;
	totalMemory: number;
	node: string;
	os: string;
	commit: string;
	/** 1-minute load average when the bench started: wall times are only comparable on a quiet machine. */
	loadAverage: number;
	/** The same when it ended. */
	loadAverageAtEnd?: number;
}

export interface BenchResults {
	machine: MachineFacts;
	series: MemorySeries[];
	manyItems: ManyItemsRun[];
	transport: TransportRun[];
	dubLanguages: DubLanguagesRun[];
	/** Absent when the throughput section (real n8n, both versions) did not run. */
	throughput?: ThroughputResults;
	/** Absent when the queue-mode section did not run. */
	queueMode?: QueueModeResults;
	checks: Check[];
	totalMs: number;
	/** Parameters the runs used, for the report. */
	settings: { pendingMs: number; processingMs: number; items: number; gets: number; repeats: number };
}

export type QueueTransfer = 'upload' | 'download';

/** One transfer in n8n queue mode, measured on the worker process from the outside. Bytes. */
export interface QueueMemoryRun {
	/** Which n8n ran it, e.g. 'n8n 2.41.3 on Node 24.22.3'. */
	n8n: string;
	binaryDataMode: 'database' | 'filesystem';
	/** upload: Read/Write Files, then Asset Upload; download: Lipsync Create, Poll Until Done. */
	transfer: QueueTransfer;
	label: string;
	payloadBytes: number;
	/** From the webhook call to its answer (the whole execution). */
	wallMs: number;
	/** The worker's RSS right before the call (freshly started, settled). */
	baselineRss: number;
	/** Upload only: peak growth while n8n's Read/Write Files node stored the input (n8n's own). */
	n8nStepGrowth?: number;
	/** Peak growth while the package's node ran, including n8n's binary-data reads and writes. */
	nodeGrowth?: number;
	/** The kernel's high-water mark of the worker process (VmHWM). */
	processPeakRss: number;
	/** The execution failed or moved the wrong number of bytes. */
	error?: string;
}

export interface QueueModeResults {
	runs: QueueMemoryRun[];
	/** Milliseconds of the set-up steps of the first cluster (install, migrations, start). */
	setupMs: Record<string, number>;
}
