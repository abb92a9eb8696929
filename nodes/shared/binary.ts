import type { IBinaryData, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { BINARY_ENCODING, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mp4DurationSeconds } from './mp4Duration';
import type { ApiResponse, BinaryStream, VendorDefinition } from './transport';
import { signedUrlRequest } from './transport';
import type { ParameterChecks } from './validation';

const STREAM_CHUNK_BYTES = 256 * 1024;

/** A binary property of an input item, with its exact size and a way to read it. */
export interface BinaryInput {
	propertyName: string;
	fileName: string;
	mimeType: string;
	/** Exact size in bytes. */
	size: number;
	/** Opens the content: a stream when n8n stores it outside memory, else a buffer. */
	open(): Promise<BinaryStream | Buffer>;
}

/**
 * Reads a binary property of an item without loading it: n8n streams it from its binary store
 * when the binary has an id; only binaries kept in memory (no id) come back as a buffer.
 */
export async function binaryInput(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<BinaryInput> {
	const binary = context.helpers.assertBinaryData(itemIndex, propertyName);
	return await storedBinaryInput(context, binary, propertyName, itemIndex);
}

/** Any binary of n8n's store (an item's, or one just downloaded) as an input with its exact size. */
export async function storedBinaryInput(
	context: IExecuteFunctions,
	binary: IBinaryData,
	propertyName: string,
	itemIndex?: number,
): Promise<BinaryInput> {
	const size = await storedSize(context, binary);
	if (size === undefined || !Number.isFinite(size)) {
		throw new NodeOperationError(
			context.getNode(),
			`The size of binary property "${propertyName}" is unknown`,
			{
				itemIndex,
				description:
					'The file must be uploaded with its exact length. Re-create the binary, for example with a Read/Write Files node.',
			},
		);
	}
	return {
		propertyName,
		fileName: binary.fileName ?? `${propertyName}.${binary.fileExtension ?? 'bin'}`,
		mimeType: binary.mimeType,
		size,
		open: async () =>
			binary.id
				? await context.helpers.getBinaryStream(binary.id, STREAM_CHUNK_BYTES)
				: Buffer.from(binary.data, BINARY_ENCODING),
	};
}

/** The duration an MP4's header tells (reading the header only); undefined for anything else. */
export async function mp4Duration(input: BinaryInput): Promise<number | undefined> {
	const content = await input.open();
	try {
		return await mp4DurationSeconds(content as Buffer | AsyncIterable<Uint8Array>);
	} catch {
		return undefined; // Not a readable MP4 header: the duration is simply unknown.
	} finally {
		if (!Buffer.isBuffer(content)) content.destroy();
	}
}

export type MediaKind = 'video' | 'image' | 'audio';

/**
 * The MIME types a binary of each kind may have. A type that says nothing (octet-stream) passes;
 * one that names something else (text/plain, application/pdf) is refused before any upload.
 */
const ACCEPTED_TYPES: Record<MediaKind, RegExp> = {
	video: /^(video\/|application\/mp4$)/,
	image: /^image\//,
	// The vendors take the first audio stream of any container, videos included.
	audio: /^(audio\/|video\/|application\/(ogg|mp4)$)/,
};

/** A binary of the item that is a non-empty file of the given kind (or of unknown type). */
export async function checkedBinary(
	context: IExecuteFunctions,
	checks: ParameterChecks,
	propertyName: string,
	kind: MediaKind,
): Promise<BinaryInput> {
	const binary = await binaryInput(context, checks.itemIndex ?? 0, propertyName);
	checkMediaFile(checks, binary, kind);
	return binary;
}

/** Refuses an empty file, or one whose type names something other than the expected media. */
export function checkMediaFile(
	checks: ParameterChecks,
	file: { propertyName: string; fileName: string; mimeType: string; size: number },
	kind: MediaKind,
	field = `Binary property "${file.propertyName}"`,
): void {
	if (file.size === 0) checks.fail({ field, rule: 'is empty (0 bytes)' });
	const mimeType = file.mimeType.split(';')[0].trim().toLowerCase();
	if (mimeType && mimeType !== 'application/octet-stream' && !ACCEPTED_TYPES[kind].test(mimeType)) {
		checks.fail({
			field,
			rule: `must be ${kind === 'video' ? 'a' : 'an'} ${kind} file`,
			got: `${file.fileName} (${mimeType})`,
			hint: 'If the file is right and only its type is wrong, set the MIME type (e.g. with an Edit Fields or Read/Write Files node).',
		});
	}
}

/**
 * A `File` whose content is streamed on demand. n8n's HTTP client serialises a spec FormData by
 * reading each file's `stream()` and trusting its `size`, so the upload never buffers the media.
 * Append it to FormData WITHOUT a file name argument: that argument makes FormData copy it into a
 * new, empty File.
 */
export class StreamedFile extends File {
	constructor(
		private readonly content: Buffer | BinaryStream,
		byteLength: number,
		fileName: string,
		mimeType: string,
	) {
		super([], fileName, { type: mimeType });
		// File keeps its size in a getter over the (empty) parts; shadow it with the real length.
		Object.defineProperty(this, 'size', { value: byteLength, enumerable: true });
	}

	override stream(): ReturnType<File['stream']> {
		// The HTTP client reads a file with `yield* file.stream()`: a Buffer (a binary kept in
		// memory) would come out byte by byte, so hand it over as a single chunk.
		const content = this.content;
		if (Buffer.isBuffer(content)) {
			return (async function* () {
				yield content;
			})() as unknown as ReturnType<File['stream']>;
		}
		return content as unknown as ReturnType<File['stream']>;
	}
}

/** How to store a streamed response and name it in errors. */
export interface StoreOptions {
	fileName: string;
	/** Used when the server does not say (or says application/octet-stream). */
	mimeType: string;
	/** Store as `mimeType` whatever the server says (when the caller knows the format better). */
	keepMimeType?: boolean;
	/** What is being downloaded, for error messages, e.g. "The <vendor> output". */
	what: string;
	/** What the user can do when the download breaks. */
	retryHint?: string;
	itemIndex?: number;
}

export interface DownloadOptions extends Omit<StoreOptions, 'what'> {
	vendor: VendorDefinition;
	url: string;
	what?: string;
	timeoutMs?: number;
}

type StreamContext = IExecuteFunctions | IWebhookFunctions;

/** Streams a pre-signed media URL straight into n8n's binary store (no credential is sent). */
export async function downloadToBinary(
	context: StreamContext,
	options: DownloadOptions,
): Promise<IBinaryData> {
	const response = await signedUrlRequest.call(context, options.vendor, options.url, {
		method: 'GET',
		response: 'stream',
		itemIndex: options.itemIndex,
		timeoutMs: options.timeoutMs ?? 300_000,
	});
	return await storeStreamedResponse(context, response, {
		...options,
		what: options.what ?? `The ${options.vendor.displayName} output`,
		retryHint:
			options.retryHint ??
			'The file is still available at its URL for a while; run the node again or choose not to download the output.',
	});
}

/**
 * Writes a streamed HTTP response into n8n's binary store without buffering it. The stored byte
 * count is checked against Content-Length, so a cut-off transfer is an error, not a broken file.
 */
export async function storeStreamedResponse(
	context: StreamContext,
	response: ApiResponse<unknown>,
	options: StoreOptions,
): Promise<IBinaryData> {
	const serverType = String(response.headers['content-type'] ?? '')
		.split(';')[0]
		.trim();
	const useServerType =
		!options.keepMimeType && serverType && serverType !== 'application/octet-stream';
	const mimeType = useServerType ? serverType : options.mimeType;
	let binary: IBinaryData;
	try {
		binary = await context.helpers.prepareBinaryData(
			response.body as BinaryStream,
			options.fileName,
			mimeType,
		);
	} catch (error) {
		throw incompleteDownload(context, options, (error as Error).message);
	}
	const expected = Number(response.headers['content-length']);
	const received = await storedSize(context, binary);
	if (Number.isFinite(expected) && received !== undefined && received !== expected) {
		throw incompleteDownload(context, options, `received ${received} of ${expected} bytes`);
	}
	return binary;
}

/** The exact size of a stored binary in bytes, when n8n can tell. */
export async function storedSize(context: StreamContext, binary: IBinaryData) {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) return (await context.helpers.getBinaryMetadata(binary.id)).fileSize;
	return binary.data ? Buffer.byteLength(binary.data, 'base64') : undefined;
}

function incompleteDownload(context: StreamContext, options: StoreOptions, reason: string) {
	return new NodeApiError(
		context.getNode(),
		{ reason },
		{
			message: `${options.what} could not be downloaded completely`,
			description: [`${reason}.`, options.retryHint].filter(Boolean).join(' '),
			itemIndex: options.itemIndex,
		},
	);
}
