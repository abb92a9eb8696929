import { BinaryDataService, prepareBinaryData } from 'n8n-core';
import { BINARY_ENCODING, fileTypeFromMimeType, type IBinaryData } from 'n8n-workflow';
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';

/**
 * Input binaries are stored the way an upstream node (Read File, HTTP Request) stores them: through
 * n8n-core's `prepareBinaryData` into the filesystem binary store, so they carry an `id` and the
 * node under test can stream them with `getBinaryStream`.
 */
export class BinaryStore {
	constructor(
		private readonly service: BinaryDataService,
		private readonly workflowId: string,
		/** Execution the input files are filed under (an "upstream" execution). */
		private readonly inputExecutionId = 'harness-inputs',
	) {}

	/** Streams the file into the store, like the Read/Write Files node. */
	async fromFile(path: string, mimeType?: string, fileName?: string): Promise<IBinaryData> {
		return await prepareBinaryData(
			createReadStream(path),
			this.inputExecutionId,
			this.workflowId,
			fileName ?? path,
			mimeType,
		);
	}

	async fromBuffer(buffer: Buffer, mimeType: string, fileName?: string): Promise<IBinaryData> {
		return await prepareBinaryData(
			buffer,
			this.inputExecutionId,
			this.workflowId,
			fileName,
			mimeType,
		);
	}

	/** Bytes of any binary (stored with an id, or inline base64 without one). */
	async read(binary: IBinaryData): Promise<Buffer> {
		return await this.service.getAsBuffer(binary);
	}

	async readStream(binary: IBinaryData): Promise<Readable> {
		if (binary.id) return await this.service.getAsStream(binary.id);
		return Readable.from(Buffer.from(binary.data, BINARY_ENCODING));
	}

	/** Name/size metadata the store recorded for a stored binary. */
	async metadata(binary: IBinaryData) {
		if (!binary.id) throw new Error('Inline binary data has no stored metadata');
		return await this.service.getMetadata(binary.id);
	}
}

/**
 * A binary as n8n 1.x memory mode (or pinned data) delivers it: base64 in `data`, no `id`.
 * Nodes must fall back to `getBinaryDataBuffer` for these.
 */
export function inlineBinary(buffer: Buffer, mimeType: string, fileName?: string): IBinaryData {
	const extension = fileName ? extname(fileName).slice(1) : undefined;
	return {
		data: buffer.toString(BINARY_ENCODING),
		mimeType,
		fileType: fileTypeFromMimeType(mimeType),
		...(fileName ? { fileName: basename(fileName) } : {}),
		...(extension ? { fileExtension: extension } : {}),
		fileSize: `${buffer.length} B`,
		bytes: buffer.length,
	};
}
