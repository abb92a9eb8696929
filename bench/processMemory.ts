import { readFileSync } from 'node:fs';

/** Resident memory of another process at one moment (bytes). */
export interface RssSample {
	at: number;
	rss: number;
}

export interface ProcessMemoryTrace {
	samples: RssSample[];
	/** The kernel's high-water mark of the process's RSS (VmHWM) when sampling stopped. */
	peakRss: number;
}

/** VmRSS and VmHWM of a process, from /proc/<pid>/status (Linux), in bytes. */
function readStatus(pid: number): { rss: number; hwm: number } | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kib = (field: string) =>
			Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
		return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 };
	} catch {
		return undefined; // The process ended.
	}
}

/**
 * Samples the RSS of process `pid` (e.g. an n8n worker) every `everyMs` from the outside, until
 * `stop()`. Unlike the in-process bench children, this sees everything that process holds: the
 * node's memory and n8n's own.
 */
export function traceProcessMemory(pid: number, everyMs = 20): { stop(): ProcessMemoryTrace } {
	const samples: RssSample[] = [];
	const sample = () => {
		const status = readStatus(pid);
		if (status) samples.push({ at: Date.now(), rss: status.rss });
	};
	sample();
	const timer = setInterval(sample, everyMs);
	return {
		stop() {
			sample();
			clearInterval(timer);
			return { samples, peakRss: readStatus(pid)?.hwm ?? 0 };
		},
	};
}

/** Highest sampled RSS within [from, to] (epoch ms), or undefined when no sample falls in it. */
export function peakBetween(samples: RssSample[], from: number, to: number): number | undefined {
	const inside = samples.filter((sample) => sample.at >= from && sample.at <= to);
	return inside.length === 0 ? undefined : Math.max(...inside.map((sample) => sample.rss));
}
