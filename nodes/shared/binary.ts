import type { IBinaryData, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { signedUrlRequest } from './transport';
import type { Vendor } from './vendors';
import { VENDORS } from './vendors';

/** n8n's binary stream type, named without importing `stream` (not allowed in community nodes). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

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
	const size = await binarySize(context, binary);
	if (size === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`The size of binary property "${propertyName}" is unknown`,
			{
				itemIndex,
				description: 'The file must be uploaded with its exact length. Re-create the binary, for example with a Read/Write Files node.',
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
				: await context.helpers.getBinaryDataBuffer(itemIndex, propertyName),
	};
}

async function binarySize(context: IExecuteFunctions, binary: IBinaryData) {
	if (binary.id) {
		const { fileSize } = await context.helpers.getBinaryMetadata(binary.id);
		return Number.isFinite(fileSize) ? fileSize : undefined;
	}
	return binary.data ? Buffer.byteLength(binary.data, 'base64') : undefined;
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

export async function streamedFile(input: BinaryInput): Promise<StreamedFile> {
	return new StreamedFile(await input.open(), input.size, input.fileName, input.mimeType);
}

export interface DownloadOptions {
	vendor: Vendor;
	url: string;
	fileName: string;
	/** Used when the server does not say. */
	mimeType: string;
	itemIndex?: number;
	timeoutMs?: number;
}

/**
 * Streams a pre-signed media URL straight into n8n's binary store. The byte count is checked
 * against Content-Length so that a cut-off download is an error, not a broken file.
 */
export async function downloadToBinary(
	context: IExecuteFunctions | IWebhookFunctions,
	options: DownloadOptions,
): Promise<IBinaryData> {
	const response = await signedUrlRequest.call(context, options.vendor, options.url, {
		method: 'GET',
		response: 'stream',
		itemIndex: options.itemIndex,
		timeoutMs: options.timeoutMs ?? 300_000,
	});
	const serverType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
	const mimeType =
		serverType && serverType !== 'application/octet-stream' ? serverType : options.mimeType;
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

async function storedSize(context: IExecuteFunctions | IWebhookFunctions, binary: IBinaryData) {
	if (binary.id) return (await context.helpers.getBinaryMetadata(binary.id)).fileSize;
	return binary.data ? Buffer.byteLength(binary.data, 'base64') : undefined;
}

function incompleteDownload(
	context: IExecuteFunctions | IWebhookFunctions,
	options: DownloadOptions,
	reason: string,
) {
	return new NodeApiError(
		context.getNode(),
		{ reason },
		{
			message: `The ${VENDORS[options.vendor].displayName} output could not be downloaded completely`,
			description: `${reason}. The file is still available at its URL for a while; run the node again or use "Output: URL Only".`,
			itemIndex: options.itemIndex,
		},
	);
}
