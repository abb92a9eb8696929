import { readFileSync } from 'node:fs';

import type { QueueCluster } from './queueCluster';

/**
 * Where an execution went, from the processes' own logs (n8n 2.8.4 keeps no worker id with the
 * execution): `enqueued` names the processes that put it on the queue ("Enqueued execution <id>",
 * once when it starts and once per resume), `ranOn` the workers that took it ("Worker started
 * execution <id>"), in log order per process.
 */
export interface ExecutionTrail {
	enqueued: string[];
	ranOn: string[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function count(text: string, pattern: RegExp): number {
	return text.match(pattern)?.length ?? 0;
}

export function executionTrail(cluster: QueueCluster, executionId: string): ExecutionTrail {
	const id = escape(executionId);
	const enqueued = new RegExp(`Enqueued execution ${id} \\(job`, 'g');
	const started = new RegExp(`Worker started execution ${id} \\(job`, 'g');
	const trail: ExecutionTrail = { enqueued: [], ranOn: [] };
	for (const { name, instance } of cluster.processes) {
		let log = '';
		try {
			log = readFileSync(instance.state.logFile, 'utf8');
		} catch {
			// No output yet.
		}
		for (let n = count(log, enqueued); n > 0; n--) trail.enqueued.push(name);
		for (let n = count(log, started); n > 0; n--) trail.ranOn.push(name);
	}
	return trail;
}

/** The worker names of a cluster (`worker-1`, ...). */
export function workerNames(cluster: QueueCluster): string[] {
	return cluster.processes.map(({ name }) => name).filter((name) => name.startsWith('worker-'));
}
