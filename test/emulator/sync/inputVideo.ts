import type { BlobStore } from '../blobs';
import { downloadFromLoopback } from '../loopbackDownload';
import { fileSegment, type ByteSegment } from '../media/byteSegments';
import type { SyncConfig } from './config';
import { urlFileName } from './outputLabel';
import type { Generation, SyncStore } from './store';

/**
 * Finds the bytes of a generation's input video where the emulator can get them without the
 * internet: an uploaded asset or multipart file, a file or earlier output on its own storage
 * host, or a URL on 127.0.0.0/8 (downloaded once into the blob store). Image inputs and other
 * URLs have no bytes here: the output falls back to the canned clip.
 */

export interface InputVideo {
	/** Undefined when the emulator cannot get the bytes (internet URL, unreachable, too big). */
	segments: ByteSegment[] | undefined;
	/** File name shown in the output's label. */
	name: string;
}

export interface InputVideoDeps {
	config: () => SyncConfig;
	store: SyncStore;
	blobs: BlobStore;
	storageBaseUrl: string;
	/** What `/outputs/{name}` serves, for an input that is an earlier generation's output. */
	outputSegments: (name: string) => ByteSegment[] | undefined;
}

function storedFile(blobs: BlobStore, key: string): ByteSegment[] | undefined {
	const file = blobs.get(key);
	return file ? [fileSegment(file.path, file.size)] : undefined;
}

/** Bytes behind a URL of the emulator's own storage host (`${storageBaseUrl}/...`). */
function ownStorage(url: string, deps: InputVideoDeps): ByteSegment[] | undefined {
	const rest = url.slice(deps.storageBaseUrl.length + 1).split(/[?#]/)[0];
	const file = /^files\/([^/]+)\//.exec(rest);
	if (file) return storedFile(deps.blobs, decodeURIComponent(file[1]));
	const output = /^outputs\/([^/]+)$/.exec(rest);
	if (output) return deps.outputSegments(decodeURIComponent(output[1]));
	return undefined;
}

async function download(url: string, name: string, deps: InputVideoDeps) {
	const key = deps.blobs.newKey();
	const { inputFetchTimeoutMs, inputFetchMaxBytes } = deps.config();
	const size = await downloadFromLoopback(url, deps.blobs.pathFor(key), {
		timeoutMs: inputFetchTimeoutMs,
		maxBytes: inputFetchMaxBytes,
	});
	if (size === undefined) return undefined;
	// Registered like an upload so reset() and close() delete it.
	deps.blobs.add({ key, fileName: name, contentType: 'video/mp4', size });
	return storedFile(deps.blobs, key);
}

export async function resolveInputVideo(
	gen: Generation,
	deps: InputVideoDeps,
): Promise<InputVideo | undefined> {
	const item = gen.input.find((entry) => entry.type === 'video');
	if (!item) return undefined;
	const asset = typeof item.assetId === 'string' ? deps.store.assets.get(item.assetId) : undefined;
	const url = asset?.url ?? (typeof item.url === 'string' ? item.url : undefined);
	const name = asset?.name ?? urlFileName(url) ?? 'input video';
	if (asset?.fileKey) {
		return { segments: storedFile(deps.blobs, asset.fileKey), name };
	}
	if (!url) return { segments: undefined, name };
	// The emulator's own URLs are read directly (no request counted, no fault applied).
	const segments = url.startsWith(`${deps.storageBaseUrl}/`)
		? ownStorage(url, deps)
		: await download(url, name, deps);
	return { segments, name };
}
