import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import type { BinaryInput } from '../../shared/binary';
import type { Page } from '../../shared/pagination';
import type { ApiContext } from '../../shared/transport';
import { signedUrlRequest } from '../../shared/transport';
import { SYNC_LABS } from '../errors';
import { syncRequest } from './client';

/** Sync's media library: upload (pre-signed, streamed), register, get and list assets. */

export type AssetType = 'VIDEO' | 'AUDIO' | 'IMAGE';

const assetSchema = z
	.object({
		id: z.string().min(1),
		type: z.string().nullish(),
		name: z.string().nullish(),
		url: z.string().nullish(),
		size: z.number().nullish(),
		createdAt: z.string().nullish(),
	})
	.passthrough();

export type Asset = z.infer<typeof assetSchema>;

const uploadTargetSchema = z.object({
	uploadUrl: z.string().url(),
	url: z.string().url(),
	expiresIn: z.number().optional(),
});

const assetPageSchema = z.object({
	items: z.array(assetSchema),
	nextCursor: z.string().nullish(),
	totalCount: z.number().nullish(),
});

export async function getAsset(
	context: ApiContext,
	id: string,
	itemIndex?: number,
): Promise<Asset> {
	return await syncRequest(context, {
		method: 'GET',
		path: `/v2/assets/${encodeURIComponent(id)}`,
		itemIndex,
		schema: assetSchema,
	});
}

/** One page of the library, following Sync's `nextCursor`. */
export async function listAssets(
	context: ApiContext,
	query: {
		limit: number;
		cursor?: string;
		types?: string[];
		search?: string;
		newestFirst?: boolean;
	},
	itemIndex?: number,
): Promise<Page<Asset>> {
	const qs: IDataObject = { limit: query.limit };
	if (query.cursor) qs.cursor = query.cursor;
	if (query.types?.length) qs.types = query.types.join(',');
	if (query.search) qs.searchQuery = query.search;
	if (query.newestFirst) qs.sortBy = 'dateDesc';
	const page = await syncRequest(context, {
		method: 'GET',
		path: '/v2/assets',
		qs,
		itemIndex,
		schema: assetPageSchema,
	});
	return { items: page.items, nextCursor: page.nextCursor ?? undefined };
}

/**
 * Uploads a binary through Sync's assets flow: ask for a pre-signed URL, PUT the bytes streamed
 * with their exact type and length, then register the asset.
 */
export async function uploadAsset(
	context: IExecuteFunctions,
	binary: BinaryInput,
	type: AssetType,
	itemIndex: number,
): Promise<Asset> {
	const file = { fileName: binary.fileName, contentType: binary.mimeType, size: binary.size };
	const target = await syncRequest(context, {
		method: 'POST',
		path: '/v2/assets/upload',
		body: file as unknown as IDataObject,
		itemIndex,
		schema: uploadTargetSchema,
	});
	try {
		await signedUrlRequest.call(context, SYNC_LABS, target.uploadUrl, {
			method: 'PUT',
			// A fresh stream per attempt lets the transport retry the (idempotent) PUT.
			body: async () => await binary.open(),
			headers: { 'Content-Type': file.contentType, 'Content-Length': String(file.size) },
			response: 'text',
			itemIndex,
			timeoutMs: 30 * 60_000,
		});
	} catch (error) {
		throw uploadFailedError(context, binary, error as Error, itemIndex);
	}
	return await syncRequest(context, {
		method: 'POST',
		path: '/v2/assets',
		body: { url: target.url, type, name: binary.fileName },
		itemIndex,
		schema: assetSchema,
	});
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
	const reason = storageCode
		? `${storageCode}${storageMessage ? `: ${storageMessage}` : ''}`
		: text;
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
