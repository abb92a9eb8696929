import type { INodePropertyOptions } from 'n8n-workflow';

/** The ElevenLabs plans, lowest first, as far as output formats care. */
export type Plan = 'Starter' | 'Creator' | 'Pro';

export type Codec = 'mp3' | 'pcm' | 'ulaw' | 'alaw' | 'opus';

export interface OutputFormat {
	value: string;
	codec: Codec;
	sampleRateHz: number;
	/** Only for compressed formats. */
	bitrateKbps?: number;
	/** The lowest plan that may request it (every music plan is at least Starter). */
	plan: Plan;
	name: string;
	description: string;
}

/**
 * How each codec is labelled in n8n. The vendor does not document the music Content-Type, so the
 * label is ours and does not depend on the server: raw PCM and G.711 have no container, so they
 * are labelled as raw streams rather than WAV; Opus comes in an Ogg container (RFC 7845: `.opus`),
 * labelled `audio/opus` as the emulator (and ElevenLabs' TTS) sends it.
 */
const CODEC_FILES: Record<Codec, { mimeType: string; extension: string }> = {
	mp3: { mimeType: 'audio/mpeg', extension: 'mp3' },
	pcm: { mimeType: 'audio/pcm', extension: 'pcm' },
	ulaw: { mimeType: 'audio/basic', extension: 'ulaw' },
	alaw: { mimeType: 'audio/alaw', extension: 'alaw' },
	opus: { mimeType: 'audio/opus', extension: 'opus' },
};

/** With "Separate Tracks" the response is a ZIP of one file per track, in the chosen format. */
const ZIP_FILE = { mimeType: 'application/zip', extension: 'zip' };

const kHz = (hz: number) => `${(hz / 1000).toString()} kHz`;

function mp3(sampleRateHz: number, bitrateKbps: number, plan: Plan = 'Starter'): OutputFormat {
	const planNote = plan === 'Starter' ? '' : ` Needs the ${plan} plan or above.`;
	return {
		value: `mp3_${sampleRateHz}_${bitrateKbps}`,
		codec: 'mp3',
		sampleRateHz,
		bitrateKbps,
		plan,
		name: `MP3 ${kHz(sampleRateHz)}, ${bitrateKbps} kbps${plan === 'Starter' ? '' : ` (${plan}+)`}`,
		description: `Compressed MP3 (audio/mpeg, .mp3).${planNote}`,
	};
}

function pcm(sampleRateHz: number, plan: Plan = 'Starter'): OutputFormat {
	const planNote = plan === 'Starter' ? '' : ` Needs the ${plan} plan or above.`;
	return {
		value: `pcm_${sampleRateHz}`,
		codec: 'pcm',
		sampleRateHz,
		plan,
		name: `PCM ${kHz(sampleRateHz)}, Raw 16-Bit${plan === 'Starter' ? '' : ` (${plan}+)`}`,
		description: `Uncompressed signed 16-bit little-endian mono samples without a WAV header (audio/pcm, .pcm).${planNote}`,
	};
}

function opus(bitrateKbps: number): OutputFormat {
	return {
		value: `opus_48000_${bitrateKbps}`,
		codec: 'opus',
		sampleRateHz: 48000,
		bitrateKbps,
		plan: 'Starter',
		name: `Opus 48 kHz, ${bitrateKbps} kbps`,
		description: 'Compressed Opus in an Ogg container (audio/opus, .opus)',
	};
}

/** All 21 values of the endpoint's `output_format` (no `auto`, no `mp3_48000_*` here). */
export const OUTPUT_FORMATS: OutputFormat[] = [
	mp3(22050, 32),
	mp3(24000, 48),
	mp3(44100, 32),
	mp3(44100, 64),
	mp3(44100, 96),
	mp3(44100, 128),
	mp3(44100, 192, 'Creator'),
	pcm(8000),
	pcm(16000),
	pcm(22050),
	pcm(24000),
	pcm(32000),
	pcm(44100, 'Pro'),
	pcm(48000),
	{
		value: 'ulaw_8000',
		codec: 'ulaw',
		sampleRateHz: 8000,
		plan: 'Starter',
		name: 'μ-Law 8 kHz, Raw (Telephony)',
		description: 'G.711 μ-law samples without a header, as used by telephony (audio/basic, .ulaw)',
	},
	{
		value: 'alaw_8000',
		codec: 'alaw',
		sampleRateHz: 8000,
		plan: 'Starter',
		name: 'A-Law 8 kHz, Raw (Telephony)',
		description: 'G.711 A-law samples without a header, as used by telephony (audio/alaw, .alaw)',
	},
	opus(32),
	opus(64),
	opus(96),
	opus(128),
	opus(192),
];

export const DEFAULT_OUTPUT_FORMAT = 'mp3_44100_128';

export const OUTPUT_FORMAT_VALUES = OUTPUT_FORMATS.map((format) => format.value) as [
	string,
	...string[],
];

export function outputFormat(value: string): OutputFormat | undefined {
	return OUTPUT_FORMATS.find((format) => format.value === value);
}

/** The parameter's options: MP3 first (the default), then PCM, telephony and Opus. */
export const OUTPUT_FORMAT_OPTIONS: INodePropertyOptions[] = OUTPUT_FORMATS.map((format) => ({
	name: format.name,
	value: format.value,
	description: format.description,
}));

/** MIME type and file extension of the response body for a format (a ZIP with separate tracks). */
export function outputFile(format: OutputFormat, separateTracks: boolean) {
	return separateTracks ? ZIP_FILE : CODEC_FILES[format.codec];
}
