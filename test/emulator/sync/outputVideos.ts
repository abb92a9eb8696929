import { mp4DurationSeconds } from '../media';
import {
	bufferSegment,
	freeBoxPadding,
	segmentsLength,
	type ByteSegment,
} from '../media/byteSegments';
import { annotateMp4 } from '../media/mp4Annotate';
import type { OutputSource } from '../storage';
import type { SyncConfig } from './config';
import type { InputVideo } from './inputVideo';
import { outputLabel } from './outputLabel';
import type { Generation } from './store';

/**
 * The video each completed generation serves, built once per generation and then kept, so the
 * same generation always serves the same bytes (tests compare a copy in a bucket with it byte
 * for byte). Only the rewritten `moov` and the subtitle sample live in memory; the input's
 * media bytes are streamed from where they are stored.
 */

export interface OutputVideo {
	segments: ByteSegment[];
	size: number;
	durationSeconds: number;
}

interface OutputPlan {
	/** What the generation serves. */
	primary: OutputVideo;
	/** Served instead when `largeOutputBytes` is smaller than the primary video. */
	small: OutputVideo;
}

export interface OutputVideoDeps {
	config: () => SyncConfig;
	/** The committed canned clip (test/fixtures/lipsync-output.mp4). */
	cannedMp4: () => Buffer;
	resolveInput: (gen: Generation) => Promise<InputVideo | undefined>;
}

function whole(buffer: Buffer): OutputVideo {
	return {
		segments: [bufferSegment(buffer)],
		size: buffer.length,
		durationSeconds: mp4DurationSeconds(buffer) ?? 0,
	};
}

/** `video` padded with a trailing `free` box to exactly `bytes`, or undefined if impossible. */
function paddedTo(video: OutputVideo, bytes: number): OutputSource | undefined {
	if (bytes === video.size) return { size: bytes, segments: video.segments };
	if (bytes < video.size + 8) return undefined;
	return { size: bytes, segments: [...video.segments, ...freeBoxPadding(bytes - video.size)] };
}

export class OutputVideos {
	private readonly building = new Map<string, Promise<void>>();
	private readonly plans = new Map<string, OutputPlan>();
	/** Bumped by clear(): a build that finishes after a reset is dropped. */
	private epoch = 0;

	constructor(private readonly deps: OutputVideoDeps) {}

	/** Starts building `gen`'s output (once); resolves when it is ready. Never rejects. */
	prepare(gen: Generation): Promise<void> {
		let building = this.building.get(gen.id);
		if (!building) {
			const epoch = this.epoch;
			building = this.build(gen).then((plan) => {
				if (epoch === this.epoch) this.plans.set(gen.id, plan);
			});
			this.building.set(gen.id, building);
		}
		return building;
	}

	/** The output video once prepare() has finished. */
	ready(gen: Generation): OutputVideo | undefined {
		return this.plans.get(gen.id)?.primary;
	}

	/** What storage serves for `gen`, honouring `largeOutputBytes`. */
	source(gen: Generation): OutputSource | undefined {
		const plan = this.plans.get(gen.id);
		if (!plan) return undefined;
		const large = this.deps.config().largeOutputBytes;
		const { primary, small } = plan;
		if (large === null) return { size: primary.size, segments: primary.segments };
		return (
			paddedTo(primary, large) ??
			paddedTo(small, large) ?? { size: primary.size, segments: primary.segments }
		);
	}

	clear(): void {
		this.epoch += 1;
		this.building.clear();
		this.plans.clear();
	}

	private async build(gen: Generation): Promise<OutputPlan> {
		const canned = this.deps.cannedMp4();
		if (this.deps.config().outputVideo === 'canned') {
			const video = whole(canned);
			return { primary: video, small: video };
		}
		let input: InputVideo | undefined;
		try {
			input = await this.deps.resolveInput(gen);
		} catch {
			input = undefined;
		}
		const own = input?.segments && (await this.annotate(gen, input.segments, input.name));
		// The canned clip stands in when the input is unusable, or is too big for largeOutputBytes.
		const why = own
			? 'larger than largeOutputBytes'
			: input?.segments
				? 'not a readable MP4 video'
				: "out of the emulator's reach";
		const standIn = input ? `canned clip (${input.name}: ${why})` : 'canned clip (no input video)';
		const small = (await this.annotate(gen, [bufferSegment(canned)], standIn)) ?? whole(canned);
		return { primary: own ?? small, small };
	}

	private async annotate(
		gen: Generation,
		segments: ByteSegment[],
		source: string,
	): Promise<OutputVideo | undefined> {
		try {
			const video = await annotateMp4(segments, outputLabel(gen, source));
			return video && { ...video, size: segmentsLength(video.segments) };
		} catch {
			return undefined; // unreadable or vanished input: the canned clip stands in
		}
	}
}
