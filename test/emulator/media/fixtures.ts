import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Small real media files committed under test/fixtures/ (see test/fixtures/README.md). */

export const FIXTURES_DIR = path.resolve(__dirname, '..', '..', 'fixtures');

export const FIXTURES = {
	sampleVideo: 'sample-video.mp4',
	sampleVideo2: 'sample-video-2.mp4',
	lipsyncOutput: 'lipsync-output.mp4',
	sampleSpeechWav: 'sample-speech.wav',
	sampleSpeechMp3: 'sample-speech.mp3',
	sampleFace: 'sample-face.png',
} as const;

export function fixturePath(name: string): string {
	return path.join(FIXTURES_DIR, name);
}

const cache = new Map<string, Buffer>();

/** Reads a fixture once and keeps it (they are all small). Callers must not mutate the buffer. */
export function readFixture(name: string): Buffer {
	let data = cache.get(name);
	if (!data) {
		data = readFileSync(fixturePath(name));
		cache.set(name, data);
	}
	return data;
}
