import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { BinaryInput } from '../shared/binary';
import { binaryInput } from '../shared/binary';
import { parameterError } from '../shared/errors';
import type { Asset } from './api';
import { createUploadUrl, registerAsset, uploadToSignedUrl } from './api';

export type MediaKind = 'video' | 'image' | 'audio';
export type MediaSource = 'url' | 'binary' | 'asset';

/** Where one piece of media comes from, as the user configured it. */
export interface MediaSpec {
	kind: MediaKind;
	source: MediaSource;
	/** The URL, the binary property name, or the asset id. */
	value: string;
	/** Parameter that holds `value`, to name it in errors. */
	field: string;
	refId?: string;
}

/** A validated media input; `resolve` does the I/O (an upload for binaries) at submit time. */
export interface PreparedMedia {
	spec: MediaSpec;
	resolve(): Promise<IDataObject>;
}

const ASSET_TYPES: Record<MediaKind, 'VIDEO' | 'IMAGE' | 'AUDIO'> = {
	video: 'VIDEO',
	image: 'IMAGE',
	audio: 'AUDIO',
};

function isHttpUrl(value: string) {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

/**
 * Checks a media spec without calling Sync: the URL is a URL, the binary exists with a known size,
 * the asset id is plausible. Throws a NodeOperationError naming the field and the item.
 */
export async function prepareMedia(
	context: IExecuteFunctions,
	spec: MediaSpec,
	itemIndex: number,
): Promise<PreparedMedia> {
	const value = spec.value.trim();
	const fail = (message: string, description?: string) =>
		parameterError(context, itemIndex, message, description);
	const base = (input: IDataObject): IDataObject =>
		spec.refId ? { type: spec.kind, ...input, refId: spec.refId } : { type: spec.kind, ...input };

	if (!value) throw fail(`"${spec.field}" is empty`);
	if (spec.source === 'url') {
		if (!isHttpUrl(value)) {
			throw fail(
				`"${spec.field}" must be an http(s) URL, got "${value.slice(0, 100)}"`,
				'Sync downloads the media from this URL, so it must be public. For a file in n8n, choose "Binary Property" as the source.',
			);
		}
		return { spec, resolve: async () => base({ url: value }) };
	}
	if (spec.source === 'asset') {
		if (/\s/.test(value) || value.length > 128) {
			throw fail(`"${spec.field}" is not a valid asset id: "${value.slice(0, 100)}"`);
		}
		return { spec, resolve: async () => base({ assetId: value }) };
	}
	const binary = await binaryInput(context, itemIndex, value);
	if (binary.size === 0) throw fail(`Binary property "${value}" is empty`);
	return {
		spec,
		resolve: async () => base({ assetId: (await uploadAsset(context, binary, spec.kind, itemIndex)).id }),
	};
}

/**
 * Uploads a binary through Sync's assets flow: ask for a pre-signed URL, PUT the bytes streamed
 * with their exact type and length, then register the asset.
 */
export async function uploadAsset(
	context: IExecuteFunctions,
	binary: BinaryInput,
	kind: MediaKind,
	itemIndex: number,
): Promise<Asset> {
	const file = { fileName: binary.fileName, contentType: binary.mimeType, size: binary.size };
	const target = await createUploadUrl(context, file, itemIndex);
	try {
		// A fresh stream per attempt lets the transport retry the (idempotent) PUT.
		await uploadToSignedUrl(context, target.uploadUrl, async () => await binary.open(), file, itemIndex);
	} catch (error) {
		throw uploadFailedError(context, binary, error as Error, itemIndex);
	}
	return await registerAsset(
		context,
		{ url: target.url, type: ASSET_TYPES[kind], name: binary.fileName },
		itemIndex,
	);
}

/**
 * A refused or broken upload to the pre-signed storage URL, named as such: the storage host
 * answers in its own (S3 XML) format, which says little on its own.
 */
function uploadFailedError(
	context: IExecuteFunctions,
	binary: BinaryInput,
	error: Error,
	itemIndex: number,
): NodeApiError {
	const httpCode = error instanceof NodeApiError ? error.httpCode : null;
	const text = error.message.replace(/^Sync Labs: /, '');
	const storageCode = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
	const storageMessage = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
	const reason = storageCode ? `${storageCode}${storageMessage ? `: ${storageMessage}` : ''}` : text;
	return new NodeApiError(
		context.getNode(),
		{ reason },
		{
			message: `Uploading binary property "${binary.propertyName}" (${binary.fileName}, ${binary.size} bytes) to Sync Labs failed${httpCode ? ` (HTTP ${httpCode})` : ''}`,
			description: `The storage refused or dropped the upload (${reason.slice(0, 200)}). Nothing was generated. Run the node again; if it keeps failing, give the media as a public URL instead.`,
			httpCode: httpCode ?? undefined,
			itemIndex,
		},
	);
}
