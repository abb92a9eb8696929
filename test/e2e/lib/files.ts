import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { N8nInstanceState } from './n8nInstance';
import { repoRoot } from './paths';

/** n8n 2.x's default for N8N_RESTRICT_FILE_ACCESS_TO: Read/Write Files may only use this folder. */
const DEFAULT_FILES_ROOT = '~/.n8n-files';

const expandHome = (dir: string) => (dir.startsWith('~') ? dir.replace('~', os.homedir()) : dir);

/**
 * The folder n8n's Read/Write Files from Disk node may use: the first entry of
 * N8N_RESTRICT_FILE_ACCESS_TO when the instance sets it, else n8n's default `~/.n8n-files` (n8n
 * inherits HOME from the test process).
 */
export function n8nFilesRoot(state: N8nInstanceState): string {
	const configured =
		state.extraEnv.N8N_RESTRICT_FILE_ACCESS_TO ?? process.env.N8N_RESTRICT_FILE_ACCESS_TO;
	const first = (configured ?? DEFAULT_FILES_ROOT)
		.split(';')
		.map((entry) => entry.trim())
		.find(Boolean);
	return expandHome(first ?? DEFAULT_FILES_ROOT);
}

export interface FilesDir {
	dir: string;
	/** A sub-folder (created). */
	sub(name: string): string;
	/** Copies a fixture (test/fixtures/<name>) into `folder` (default: dir) and returns its path. */
	fixture(name: string, folder?: string): string;
	remove(): void;
}

/** A fresh folder inside what n8n may read and write, removed again with `remove()`. */
export function createFilesDir(state: N8nInstanceState, label: string): FilesDir {
	const root = n8nFilesRoot(state);
	mkdirSync(root, { recursive: true });
	const dir = mkdtempSync(path.join(root, `n8n-nodes-video-dub-e2e-${label}-`));
	return {
		dir,
		sub(name) {
			const folder = path.join(dir, name);
			mkdirSync(folder, { recursive: true });
			return folder;
		},
		fixture(name, folder = dir) {
			const target = path.join(folder, path.basename(name));
			copyFileSync(path.join(repoRoot, 'test/fixtures', name), target);
			return target;
		},
		remove() {
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
