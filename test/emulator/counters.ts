/** Counters tests read to prove what reached the emulator (e.g. nothing was submitted twice). */

export interface Counters {
	/** Requests per route pattern, e.g. `POST /v2/generate`, `GET /v2/generate/:id`, `PUT /storage/uploads/:token`. */
	requests: Record<string, number>;
	/** Generations created by `POST /v2/generate` (idempotent replays and batch children excluded). */
	generationsCreated: number;
	/** Generations created as children of batches. */
	batchGenerationsCreated: number;
	/** `POST /v2/generate` answered with a replay of an earlier generation (Idempotency-Key). */
	idempotentReplays: number;
	/** Assets registered (`POST /v2/assets` and files of multipart creates). */
	assetsCreated: number;
	/** Presigned PUT uploads stored completely. */
	uploadsReceived: number;
	batchesCreated: number;
	/** Successful ElevenLabs music generations (counted by the ElevenLabs part). */
	musicGenerations: number;
	/** Requests to the storage host that carried an API key header (they should not). */
	requestsWithApiKeyOnStorage: number;
	webhooksSent: number;
}

export type CounterName = Exclude<keyof Counters, 'requests'>;

export function emptyCounters(): Counters {
	return {
		requests: {},
		generationsCreated: 0,
		batchGenerationsCreated: 0,
		idempotentReplays: 0,
		assetsCreated: 0,
		uploadsReceived: 0,
		batchesCreated: 0,
		musicGenerations: 0,
		requestsWithApiKeyOnStorage: 0,
		webhooksSent: 0,
	};
}

export class CounterBook {
	private data = emptyCounters();

	request(route: string): void {
		this.data.requests[route] = (this.data.requests[route] ?? 0) + 1;
	}

	count(name: CounterName, by = 1): void {
		this.data[name] += by;
	}

	snapshot(): Counters {
		return structuredClone(this.data);
	}

	reset(): void {
		this.data = emptyCounters();
	}
}
