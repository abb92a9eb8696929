import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { largeMp4Stream } from '../test/emulator/media';

/**
 * Input videos of exact sizes, written once on first use into one temp folder: the fixture MP4
 * followed by a trailing `free` box, so they stay valid, 4-second videos at any size.
 */
export class InputFiles {
	private readonly made = new Map<number, Promise<string>>();

	private constructor(readonly dir: string) {}

	static async create(): Promise<InputFiles> {
		return new InputFiles(await mkdtemp(join(tmpdir(), 'video-dub-bench-')));
	}

	/** Path of a valid MP4 of exactly `bytes` bytes. */
	async video(bytes: number): Promise<string> {
		let path = this.made.get(bytes);
		if (!path) {
			path = this.write(bytes);
			this.made.set(bytes, path);
		}
		return await path;
	}

	async remove(): Promise<void> {
		await rm(this.dir, { recursive: true, force: true });
	}

	private async write(bytes: number): Promise<string> {
		const path = join(this.dir, `video-${bytes}.mp4`);
		await pipeline(largeMp4Stream(bytes), createWriteStream(path));
		const { size } = await stat(path);
		if (size !== bytes) throw new Error(`${path} has ${size} bytes, expected ${bytes}`);
		return path;
	}
}
