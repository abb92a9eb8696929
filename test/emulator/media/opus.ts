import { Readable } from 'node:stream';

import { buildOggPage, OGG_BOS, OGG_EOS, oggPageBytes, segmentsFor } from './ogg';

/**
 * Ogg/Opus (RFC 7845) assembly: loops real Opus packets from a fixture and wraps them in fresh
 * Ogg pages whose final granule position trims the stream to the exact requested duration.
 */

/** Pre-skip libopus uses at 48 kHz; also hides the cold-start of a decoder mid-loop. */
export const OPUS_PRE_SKIP = 312;
const SERIAL = 0x56445542;
const MAX_PACKETS_PER_PAGE = 50;

/** Samples (at 48 kHz) in one Opus packet, from its TOC byte (RFC 6716 section 3.1). */
export function opusPacketSamples(packet: Buffer): number {
	const toc = packet[0];
	const config = toc >> 3;
	let frameSamples: number;
	if (config < 12) frameSamples = [480, 960, 1920, 2880][config % 4];
	else if (config < 16) frameSamples = [480, 960][config % 2];
	else frameSamples = [120, 240, 480, 960][config % 4];
	const countCode = toc & 0x03;
	const frames = countCode === 0 ? 1 : countCode === 3 ? packet[1] & 0x3f : 2;
	return frameSamples * frames;
}

export function opusHead(channels: number, preSkip: number, inputRate = 48000): Buffer {
	const head = Buffer.alloc(19);
	head.write('OpusHead', 0, 'latin1');
	head[8] = 1;
	head[9] = channels;
	head.writeUInt16LE(preSkip, 10);
	head.writeUInt32LE(inputRate, 12);
	head.writeInt16LE(0, 16);
	head[18] = 0;
	return head;
}

export function opusTags(vendor = 'video-dub emulator'): Buffer {
	const vendorBytes = Buffer.from(vendor, 'utf8');
	const tags = Buffer.alloc(8 + 4 + vendorBytes.length + 4);
	tags.write('OpusTags', 0, 'latin1');
	tags.writeUInt32LE(vendorBytes.length, 8);
	vendorBytes.copy(tags, 12);
	tags.writeUInt32LE(0, 12 + vendorBytes.length);
	return tags;
}

interface PlannedPage {
	packets: Buffer[];
	granule: bigint;
	last: boolean;
}

/** Groups looped packets into pages; granules count 48 kHz samples including the pre-skip. */
function* plannedPages(
	packets: Buffer[],
	startPacket: number,
	targetGranule: number,
): Generator<PlannedPage> {
	let produced = 0;
	let index = startPacket;
	while (produced < targetGranule) {
		const page: Buffer[] = [];
		let segments = 0;
		while (produced < targetGranule && page.length < MAX_PACKETS_PER_PAGE) {
			const packet = packets[index % packets.length];
			if (segments + segmentsFor(packet.length) > 255) break;
			page.push(packet);
			segments += segmentsFor(packet.length);
			produced += opusPacketSamples(packet);
			index += 1;
		}
		const last = produced >= targetGranule;
		yield { packets: page, granule: BigInt(last ? targetGranule : produced), last };
	}
}

export interface OggOpusAudio {
	/** Exact playable duration: (final granule - pre-skip) / 48000. */
	durationSeconds: number;
	byteLength: number;
	stream(): Readable;
}

/** A mono Ogg/Opus stream of `durationSeconds`, looping `packets` from `startPacket`. */
export function oggOpusAudio(
	packets: Buffer[],
	durationSeconds: number,
	startPacket = 0,
): OggOpusAudio {
	const samples = Math.max(1, Math.round(durationSeconds * 48000));
	const targetGranule = OPUS_PRE_SKIP + samples;
	const head = buildOggPage({
		headerType: OGG_BOS,
		granule: 0n,
		serial: SERIAL,
		sequence: 0,
		packets: [opusHead(1, OPUS_PRE_SKIP)],
	});
	const tags = buildOggPage({
		headerType: 0,
		granule: 0n,
		serial: SERIAL,
		sequence: 1,
		packets: [opusTags()],
	});
	let byteLength = head.length + tags.length;
	for (const page of plannedPages(packets, startPacket, targetGranule)) {
		byteLength += oggPageBytes(page.packets);
	}
	return {
		durationSeconds: samples / 48000,
		byteLength,
		stream() {
			const pages = plannedPages(packets, startPacket, targetGranule);
			let sequence = 2;
			const headers = [head, tags];
			return new Readable({
				read() {
					const header = headers.shift();
					if (header) {
						this.push(header);
						return;
					}
					const next = pages.next();
					if (next.done) {
						this.push(null);
						return;
					}
					this.push(
						buildOggPage({
							headerType: next.value.last ? OGG_EOS : 0,
							granule: next.value.granule,
							serial: SERIAL,
							sequence: sequence++,
							packets: next.value.packets,
						}),
					);
				},
			});
		},
	};
}
