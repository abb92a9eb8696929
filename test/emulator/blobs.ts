import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { mp4DurationSeconds } from './media';

/**
 * Byte storage of the "output storage" host: uploaded assets and multipart files live as files in
 * a private temp dir (never in memory), addressed by a random key.
 */

export interface StoredFile {
	key: string;
	fileName: string;
	contentType: string;
	size: number;
	path: string;
}

export interface PendingUpload {
	token: string;
	orgId: string;
	fileKey: string;
	fileName: string;
	contentType: string;
	size: number;
	expiresAt: number;
}

export class BlobStore {
	readonly dir: string;
	private readonly files = new Map<string, StoredFile>();
	private readonly uploads = new Map<string, PendingUpload>();

	/** `parentDir`: where the private dir is made (default: the system's temp dir). */
	constructor(parentDir = tmpdir()) {
		this.dir = mkdtempSync(path.join(parentDir, 'video-dub-emulator-'));
	}

	newKey(): string {
		return randomUUID();
	}

	pathFor(key: string): string {
		return path.join(this.dir, key);
	}

	add(file: Omit<StoredFile, 'path'>): StoredFile {
		const stored = { ...file, path: this.pathFor(file.key) };
		this.files.set(file.key, stored);
		return stored;
	}

	get(key: string): StoredFile | undefined {
		return this.files.get(key);
	}

	remove(key: string): void {
		this.files.delete(key);
		rm(this.pathFor(key), { force: true }).catch(() => undefined);
	}

	createUpload(upload: Omit<PendingUpload, 'token' | 'fileKey'>): PendingUpload {
		const pending = { ...upload, token: randomBytes(16).toString('hex'), fileKey: this.newKey() };
		this.uploads.set(pending.token, pending);
		return pending;
	}

	upload(token: string): PendingUpload | undefined {
		return this.uploads.get(token);
	}

	uploadByFileKey(fileKey: string): PendingUpload | undefined {
		for (const upload of this.uploads.values()) if (upload.fileKey === fileKey) return upload;
		return undefined;
	}

	async clear(): Promise<void> {
		const keys = [...this.files.keys()];
		this.files.clear();
		this.uploads.clear();
		await Promise.all(keys.map((key) => rm(this.pathFor(key), { force: true })));
	}

	dispose(): void {
		this.files.clear();
		this.uploads.clear();
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/**
 * Duration of an MP4 on disk without loading it: walk the top-level boxes and hand only the
 * `moov` box (small) to the mvhd reader.
 */
export async function mp4FileDurationSeconds(filePath: string): Promise<number | undefined> {
	const handle = await open(filePath, 'r');
	try {
		const { size } = await handle.stat();
		let offset = 0;
		const header = Buffer.alloc(16);
		while (offset + 8 <= size) {
			await handle.read(header, 0, 16, offset);
			let boxSize = header.readUInt32BE(0);
			const type = header.toString('latin1', 4, 8);
			if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
			else if (boxSize === 0) boxSize = size - offset;
			if (boxSize < 8) return undefined;
			if (type === 'moov') {
				if (boxSize > 64 * 1024 * 1024) return undefined;
				const moov = Buffer.alloc(boxSize);
				await handle.read(moov, 0, boxSize, offset);
				return mp4DurationSeconds(moov);
			}
			offset += boxSize;
		}
		return undefined;
	} catch {
		return undefined;
	} finally {
		await handle.close();
	}
}
