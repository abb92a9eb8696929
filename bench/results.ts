/** The measured numbers, as the sections produce them and the report prints them. */

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
}

export interface BenchResults {
	machine: MachineFacts;
	series: MemorySeries[];
	manyItems: ManyItemsRun[];
	transport: TransportRun[];
	checks: Check[];
	totalMs: number;
	/** Parameters the runs used, for the report. */
	settings: { pendingMs: number; processingMs: number; items: number; gets: number };
}
