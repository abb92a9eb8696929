/**
 * Deterministic synthesized audio: a chord progression ("music") and noise hits ("sfx"), plus
 * encoders for the raw formats (s16le PCM, G.711 mu-law and A-law). The MP3/Opus fixture loops
 * were encoded from this same music, so every format sounds alike.
 *
 * Each track is periodic, so one period per sample rate is rendered once (with oscillator
 * recurrences instead of Math.sin per sample: that is slow inside Jest's VM) and then repeated.
 */

/** One loop: a whole number of MP3 frames (1152 @ 44.1 kHz, 576 @ 24 kHz) and Opus packets. */
export const LOOP_SECONDS = 3.84;
const CHORD_SECONDS = 0.96;
const PULSES_PER_CHORD = 4;
/** A - F#m - D - E, just-intonation triads. */
const ROOTS = [220, 185, 146.83, 164.81];
const THIRDS = [1.25, 1.2, 1.25, 1.25];

export type Track = 'music' | 'sfx';

/** A sine oscillator by complex rotation: exact start phase 0, no Math calls per sample. */
class Oscillator {
	private cos = 1;
	private sin = 0;
	private readonly stepCos: number;
	private readonly stepSin: number;

	constructor(frequency: number, rate: number) {
		this.stepCos = Math.cos((2 * Math.PI * frequency) / rate);
		this.stepSin = Math.sin((2 * Math.PI * frequency) / rate);
	}

	/** Returns sin(2*pi*f*n/rate) for n = 0, 1, 2, ... */
	next(): number {
		const value = this.sin;
		const cos = this.cos * this.stepCos - this.sin * this.stepSin;
		this.sin = this.sin * this.stepCos + this.cos * this.stepSin;
		this.cos = cos;
		return value;
	}
}

/** Linear fade-in and fade-out of `rampSamples`, 1 in between (hides phase restarts). */
function ramp(n: number, length: number, rampSamples: number): number {
	if (n < rampSamples) return n / rampSamples;
	if (length - n < rampSamples) return (length - n) / rampSamples;
	return 1;
}

export function toInt16(sample: number): number {
	const value = Math.round(sample * 30000);
	return value > 32767 ? 32767 : value < -32768 ? -32768 : value;
}

function renderMusicLoop(rate: number): Int16Array {
	const chordSamples = Math.round(CHORD_SECONDS * rate);
	const pulseSamples = chordSamples / PULSES_PER_CHORD;
	const out = new Int16Array(chordSamples * ROOTS.length);
	const padDecay = Math.exp(-2.5 / rate);
	const pulseDecay = Math.exp(-18 / rate);
	ROOTS.forEach((root, chord) => {
		const partials = [1, THIRDS[chord], 1.5].map((ratio) => new Oscillator(root * ratio, rate));
		let padEnvelope = 1;
		let bass = new Oscillator(root / 2, rate);
		let pulseEnvelope = 1;
		for (let n = 0; n < chordSamples; n++) {
			const inPulse = n % pulseSamples;
			if (inPulse === 0) {
				bass = new Oscillator(root / 2, rate);
				pulseEnvelope = 1;
			}
			const pad = (partials[0].next() + partials[1].next() + partials[2].next()) / 3;
			const padLevel = padEnvelope * ramp(n, chordSamples, rate / 40);
			const pulseLevel = pulseEnvelope * ramp(inPulse, pulseSamples, rate / 200);
			out[chord * chordSamples + n] = toInt16(
				0.5 * padLevel * pad + 0.35 * pulseLevel * bass.next(),
			);
			padEnvelope *= padDecay;
			pulseEnvelope *= pulseDecay;
		}
	});
	return out;
}

/** SFX: per 0.96 s, a 0.4 s noise "whoosh" and a 10 ms 1 kHz click at 0.48 s. */
function renderSfxLoop(rate: number): Int16Array {
	const length = Math.round(CHORD_SECONDS * rate);
	const whooshSamples = Math.round(0.4 * rate);
	const clickStart = Math.round(0.48 * rate);
	const clickEnd = Math.round(0.49 * rate);
	const out = new Int16Array(length);
	const whoosh = new Oscillator(1 / 0.8, rate);
	const click = new Oscillator(1000, rate);
	let state = 0x9e3779b9;
	for (let n = 0; n < length; n++) {
		// xorshift32 white noise in [-1, 1].
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		const noise = (state >>> 0) / 0x7fffffff - 1;
		const swell = n < whooshSamples ? whoosh.next() : 0;
		const tick = n >= clickStart && n < clickEnd ? click.next() : 0;
		out[n] = toInt16(0.3 * swell * swell * noise + 0.6 * tick);
	}
	return out;
}

const loops = new Map<string, Int16Array>();

/** One period of `track` at `rate` as 16-bit samples (rendered once, then cached). */
export function trackLoop(track: Track, rate: number): Int16Array {
	const key = `${track}:${rate}`;
	let loop = loops.get(key);
	if (!loop) {
		loop = track === 'music' ? renderMusicLoop(rate) : renderSfxLoop(rate);
		loops.set(key, loop);
	}
	return loop;
}

/** Raw s16le mono samples [start, start + count) of the endlessly repeated track. */
export function pcm16(track: Track, rate: number, start: number, count: number): Buffer {
	const loop = trackLoop(track, rate);
	const out = Buffer.alloc(count * 2);
	for (let k = 0; k < count; k++) out.writeInt16LE(loop[(start + k) % loop.length], k * 2);
	return out;
}

/** ITU-T G.711 mu-law encoding of one 16-bit sample (classic Sun reference algorithm). */
export function linearToMulaw(sample: number): number {
	const ends = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
	let value = sample >> 2;
	let mask = 0xff;
	if (value < 0) {
		value = -value;
		mask = 0x7f;
	}
	value = Math.min(value, 8159) + (0x84 >> 2);
	const segment = ends.findIndex((end) => value <= end);
	if (segment < 0) return 0x7f ^ mask;
	return (((segment << 4) | ((value >> (segment + 1)) & 0x0f)) ^ mask) & 0xff;
}

/** ITU-T G.711 A-law encoding of one 16-bit sample (classic Sun reference algorithm). */
export function linearToAlaw(sample: number): number {
	const ends = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
	let value = sample >> 3;
	let mask = 0xd5;
	if (value < 0) {
		mask = 0x55;
		value = -value - 1;
	}
	const segment = ends.findIndex((end) => value <= end);
	if (segment < 0) return 0x7f ^ mask;
	const quantised = segment < 2 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f;
	return ((segment << 4) | quantised) ^ mask;
}

const g711Loops = new Map<string, Buffer>();

/** G.711 bytes (one per sample) for samples [start, start + count) of the repeated track. */
export function g711(
	law: 'ulaw' | 'alaw',
	track: Track,
	rate: number,
	start: number,
	count: number,
): Buffer {
	const key = `${law}:${track}:${rate}`;
	let loop = g711Loops.get(key);
	if (!loop) {
		const encode = law === 'ulaw' ? linearToMulaw : linearToAlaw;
		loop = Buffer.from(Array.from(trackLoop(track, rate), encode));
		g711Loops.set(key, loop);
	}
	const out = Buffer.alloc(count);
	for (let k = 0; k < count; k++) out[k] = loop[(start + k) % loop.length];
	return out;
}
