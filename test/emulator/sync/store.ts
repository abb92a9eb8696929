import type { AssetType, BatchStatus, GenerationStatus } from './catalogs';

/** In-memory records of the Sync part. Wire serialisation lives in serialize.ts. */

export interface PlannedOutcome {
	status: 'COMPLETED' | 'FAILED' | 'REJECTED';
	errorCode: string | null;
	error: string | null;
}

export interface Generation {
	id: string;
	orgId: string;
	createdAt: string;
	status: GenerationStatus;
	model: string;
	input: Array<Record<string, unknown>>;
	options: Record<string, unknown>;
	segments?: unknown[];
	dubParams?: Record<string, unknown>;
	webhookUrl: string | null;
	outputUrl: string | null;
	outputDuration: number | null;
	segmentOutputUrl: string | null;
	error: string | null;
	errorCode: string | null;
	outputFileName?: string;
	projectId: string | null;
	/** Emulator bookkeeping (not on the wire). */
	source: 'api' | 'batch';
	batchId?: string;
	plannedOutcome: PlannedOutcome;
	/** Expected output seconds computed at create time (plan limit, estimates). */
	expectedDurationSeconds: number;
	pendingUntil: number | null;
	processingStartedAt: number | null;
	processingUntil: number | null;
	progressPercent: number;
}

export interface Asset {
	id: string;
	orgId: string;
	createdAt: string;
	updatedAt: string;
	name: string;
	url: string;
	format: string;
	size?: number;
	type: AssetType;
	inputType: 'UPLOAD' | 'URL';
	durationSeconds?: number;
	visibility: 'USER' | 'ORGANIZATION';
	projectId: string | null;
	/** Blob key of uploaded bytes (UPLOAD assets). */
	fileKey?: string;
}

export interface BatchRequestLine {
	requestId: string;
	payload: Record<string, unknown>;
}

export interface Batch {
	id: string;
	orgId: string;
	createdAt: string;
	status: BatchStatus;
	webhookUrl: string | null;
	lines: BatchRequestLine[];
	children: Array<{ requestId: string; generationId: string }>;
	outputUrl: string;
}

export interface IdempotencyRecord {
	bodyHash: string;
	generationId: string;
	snapshot: Generation;
}

export class SyncStore {
	readonly generations = new Map<string, Generation>();
	readonly assets = new Map<string, Asset>();
	readonly batches = new Map<string, Batch>();
	/** key = `${orgId}\u0000${idempotencyKey}` */
	readonly idempotency = new Map<string, IdempotencyRecord>();
	/** Free-plan generations created per org (for `free_tier_generations_exhausted`). */
	readonly createdPerOrg = new Map<string, number>();

	clear(): void {
		this.generations.clear();
		this.assets.clear();
		this.batches.clear();
		this.idempotency.clear();
		this.createdPerOrg.clear();
	}

	generationsOf(orgId: string): Generation[] {
		return [...this.generations.values()].filter((g) => g.orgId === orgId);
	}

	activeApiGenerations(orgId: string): Generation[] {
		return this.generationsOf(orgId).filter(
			(g) => g.source === 'api' && (g.status === 'PENDING' || g.status === 'PROCESSING'),
		);
	}
}
