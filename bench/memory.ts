import type { MemoryReport } from './types';

const SAMPLE_EVERY_MS = 20;

/**
 * Samples RSS and `arrayBuffers` (Buffers live outside the V8 heap, so a buffered upload shows
 * there) every 20 ms around `work`. The baseline is taken after a full GC (`--expose-gc`), so the
 * growth is what `work` itself needed at its peak.
 */
export async function measureMemory<T>(
	work: () => Promise<T>,
): Promise<{ value: T; memory: MemoryReport; startedAt: number; endedAt: number }> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('Run the bench child with node --expose-gc');
	gc();
	const baseline = process.memoryUsage();
	const memory: MemoryReport = {
		baselineRss: baseline.rss,
		peakRss: baseline.rss,
		baselineArrayBuffers: baseline.arrayBuffers,
		peakArrayBuffers: baseline.arrayBuffers,
		maxRss: 0,
		samples: 0,
	};
	const sample = () => {
		const now = process.memoryUsage();
		memory.peakRss = Math.max(memory.peakRss, now.rss);
		memory.peakArrayBuffers = Math.max(memory.peakArrayBuffers, now.arrayBuffers);
		memory.samples++;
	};
	const timer = setInterval(sample, SAMPLE_EVERY_MS);
	const startedAt = Date.now();
	try {
		const value = await work();
		return { value, memory, startedAt, endedAt: Date.now() };
	} finally {
		sample();
		clearInterval(timer);
		memory.maxRss = process.resourceUsage().maxRSS * 1024;
	}
}
