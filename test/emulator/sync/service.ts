import { randomUUID } from 'node:crypto';

import type { BlobStore } from '../blobs';
import type { CounterBook } from '../counters';
import type { Scheduler } from '../scheduler';
import type { OutputSource } from '../storage';
import type { WebhookSender } from '../webhooks';
import { BatchRunner } from './batchRunner';
import { patchConfig, type SyncConfig, type SyncPlan } from './config';
import { resolveInputVideo } from './inputVideo';
import { GenerationLifecycle } from './lifecycle';
import { OutputVideos } from './outputVideos';
import { RateLimiter } from './rateLimit';
import { wireGeneration } from './serialize';
import { type Generation, type PlannedOutcome, SyncStore } from './store';
import type { CreateRequest } from './validation';

/** Everything the Sync routes share: config, records, state machine, batches, limits. */

export interface SyncOutputMedia {
	/** The canned playable MP4 standing in for inputs the emulator cannot read. */
	cannedMp4: () => Buffer;
}

export interface SyncServiceDeps {
	config: SyncConfig;
	blobs: BlobStore;
	scheduler: Scheduler;
	webhooks: WebhookSender;
	counters: CounterBook;
	media: SyncOutputMedia;
	syncBaseUrl: string;
	storageBaseUrl: string;
}

export class SyncService {
	readonly config: SyncConfig;
	private readonly initialConfig: SyncConfig;
	readonly store = new SyncStore();
	readonly lifecycle: GenerationLifecycle;
	readonly batches: BatchRunner;
	readonly outputs: OutputVideos;
	readonly rateLimiter = new RateLimiter();
	readonly nextOutcomes: PlannedOutcome[] = [];

	constructor(readonly deps: SyncServiceDeps) {
		this.config = structuredClone(deps.config);
		this.initialConfig = structuredClone(deps.config);
		this.outputs = new OutputVideos({
			config: () => this.config,
			cannedMp4: deps.media.cannedMp4,
			resolveInput: (gen) =>
				resolveInputVideo(gen, {
					config: () => this.config,
					store: this.store,
					blobs: deps.blobs,
					storageBaseUrl: deps.storageBaseUrl,
					outputSegments: (name) => this.output(name)?.segments,
				}),
		});
		this.lifecycle = new GenerationLifecycle({
			config: () => this.config,
			store: this.store,
			scheduler: deps.scheduler,
			webhooks: deps.webhooks,
			output: (gen) => {
				const video = this.outputs.ready(gen);
				return (
					video && {
						url: `${deps.storageBaseUrl}/outputs/${encodeURIComponent(outputName(gen))}`,
						durationSeconds: video.durationSeconds,
					}
				);
			},
			prepareOutput: (gen) => this.outputs.prepare(gen),
			onWebhookSent: () => deps.counters.count('webhooksSent'),
		});
		this.batches = new BatchRunner(this);
	}

	get counters(): CounterBook {
		return this.deps.counters;
	}

	configure(patch: Partial<SyncConfig>): void {
		patchConfig(this.config, patch);
	}

	/** Org and effective plan of an API key, or undefined for unknown keys. */
	account(apiKey: string): { orgId: string; plan: SyncPlan } | undefined {
		const profile = this.config.apiKeys[apiKey];
		if (!profile) return undefined;
		return { orgId: profile.orgId, plan: profile.plan ?? this.config.plan };
	}

	createGeneration(
		request: CreateRequest,
		orgId: string,
		planned: PlannedOutcome,
		source: Generation['source'],
		batchId?: string,
	): Generation {
		const gen: Generation = {
			id: randomUUID(),
			orgId,
			createdAt: new Date().toISOString(),
			status: 'PENDING',
			model: request.model,
			input: request.input,
			options: request.options,
			webhookUrl: request.webhookUrl,
			outputUrl: null,
			outputDuration: null,
			segmentOutputUrl: null,
			error: null,
			errorCode: null,
			projectId: request.projectId,
			source,
			plannedOutcome: planned,
			expectedDurationSeconds: request.expectedDurationSeconds,
			pendingUntil: null,
			processingStartedAt: null,
			processingUntil: null,
			progressPercent: 0,
		};
		if (request.segments !== undefined) gen.segments = request.segments;
		if (request.dubParams !== undefined) gen.dubParams = request.dubParams;
		if (request.outputFileName !== undefined) gen.outputFileName = request.outputFileName;
		if (batchId) gen.batchId = batchId;
		this.store.generations.set(gen.id, gen);
		this.store.createdPerOrg.set(orgId, (this.store.createdPerOrg.get(orgId) ?? 0) + 1);
		this.counters.count(source === 'api' ? 'generationsCreated' : 'batchGenerationsCreated');
		this.lifecycle.start(gen);
		// Built while the generation runs, so it is usually ready when it completes.
		if (planned.status === 'COMPLETED') void this.outputs.prepare(gen);
		return gen;
	}

	/** Generation as the API returns it (errorCode casing from config). */
	wire(gen: Generation, includeProgress = false): Record<string, unknown> {
		if (includeProgress) gen.progressPercent = this.lifecycle.progress(gen);
		return wireGeneration(gen, this.config.errorCodeCasing, includeProgress);
	}

	/** What `/storage/outputs/{name}` serves: the output of a completed generation. */
	output(name: string): OutputSource | undefined {
		let found: Generation | undefined;
		for (const gen of this.store.generations.values()) {
			if (gen.status === 'COMPLETED' && outputName(gen) === name) found = gen;
		}
		return found && this.outputs.source(found);
	}

	reset(): void {
		this.store.clear();
		this.batches.clear();
		this.outputs.clear();
		this.rateLimiter.clear();
		this.nextOutcomes.length = 0;
		this.lifecycle.releaseAll();
		for (const key of Object.keys(this.config) as Array<keyof SyncConfig>) delete this.config[key];
		Object.assign(this.config, structuredClone(this.initialConfig));
	}
}

export function outputName(gen: Generation): string {
	return `${gen.outputFileName ?? gen.id}.mp4`;
}
