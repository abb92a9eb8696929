import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { readPages } from '../../shared/pagination';
import type { AssetType } from '../api/assets';
import { listAssets } from '../api/assets';
import { listBatches } from '../api/batches';
import { listGenerations } from '../api/generations';

/**
 * The IDs of Sync objects as resource locators: picked from a searchable list (the object's list
 * endpoint) or typed. Readers take them with `ParameterChecks.id`.
 */

const LIST_PAGE_SIZE = 50;
/** With a search text, pages are read until some match, up to this many. */
const SEARCH_PAGES = 10;

/** How many pages one list request may read: one, or several while searching. */
const searchPaging = (filter: string | undefined, paginationToken: string | undefined) => ({
	pageSize: LIST_PAGE_SIZE,
	cursor: paginationToken,
	maxPages: filter?.trim() ? SEARCH_PAGES : 1,
	enough: (kept: unknown[]) => kept.length >= LIST_PAGE_SIZE,
});

function idLocator(spec: {
	name: string;
	displayName: string;
	searchListMethod: string;
	placeholder: string;
	description: string;
	displayOptions?: INodeProperties['displayOptions'];
}): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: spec.displayOptions,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: spec.placeholder },
		],
	};
}

export const generationIdProperty = idLocator({
	name: 'generationId',
	displayName: 'Generation ID',
	searchListMethod: 'searchGenerations',
	placeholder: '6533643b-aceb-4c40-967e-d9ba9baac39e',
	description: 'The generation, as output by Create or by the Generation Trigger',
});

export const batchIdProperty = idLocator({
	name: 'batchId',
	displayName: 'Batch ID',
	searchListMethod: 'searchBatches',
	placeholder: 'batch_abc123',
	description: 'The batch, as output by Batch → Create',
});

const ASSET_SEARCH_METHODS: Record<AssetType | 'ANY', string> = {
	ANY: 'searchAssets',
	VIDEO: 'searchVideoAssets',
	AUDIO: 'searchAudioAssets',
	IMAGE: 'searchImageAssets',
};

/** An asset of the media library, listed by type when the parameter expects one kind. */
export function assetIdProperty(spec: {
	name: string;
	displayName: string;
	assetType: AssetType | 'ANY';
	description: string;
	displayOptions?: INodeProperties['displayOptions'];
}): INodeProperties {
	return idLocator({
		...spec,
		searchListMethod: ASSET_SEARCH_METHODS[spec.assetType],
		placeholder: '550e8400-e29b-41d4-a716-446655440000',
	});
}

const matches = (filter: string | undefined, ...texts: Array<string | null | undefined>) =>
	!filter || texts.some((text) => text?.toLowerCase().includes(filter.trim().toLowerCase()));

const day = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 16) : '');

/** Newest generations first, a page at a time, named by model, status and time. */
export async function searchGenerations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await readPages(
		async (cursor, limit) => await listGenerations(this, { limit, cursor }),
		{
			...searchPaging(filter, paginationToken),
			key: (generation) => generation.id,
			keep: (generation) => matches(filter, generation.id, generation.status, generation.model),
		},
	);
	const results: INodeListSearchItems[] = page.items.map((generation) => ({
		name: `${generation.model ?? 'generation'} · ${generation.status} · ${day(generation.createdAt)} (${generation.id.slice(0, 8)})`,
		value: generation.id,
	}));
	return { results, paginationToken: page.nextCursor };
}

/** Batches, newest first (Sync lists them all at once). */
export async function searchBatches(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const batches = await listBatches(this, {});
	const results = batches
		.filter((batch) => matches(filter, batch.id, batch.status))
		.map((batch) => ({
			name: `${batch.status} · ${day(batch.created_at ?? batch.createdAt)} (${batch.id})`,
			value: batch.id,
		}));
	return { results };
}

async function searchAssetsOf(
	context: ILoadOptionsFunctions,
	type: AssetType | undefined,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const search = filter?.trim() || undefined;
	const types = type ? [type] : undefined;
	const page = await readPages(
		async (cursor, limit) => await listAssets(context, { limit, cursor, types, search }),
		{
			...searchPaging(filter, paginationToken),
			key: (asset) => asset.id,
			keep: (asset) => matches(filter, asset.id, asset.name),
		},
	);
	const results = page.items.map((asset) => ({
		name: `${asset.name ?? asset.id} (${String(asset.type ?? '').toLowerCase() || 'asset'})`,
		value: asset.id,
		url: asset.url ?? undefined,
	}));
	return { results, paginationToken: page.nextCursor };
}

export async function searchAssets(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	return await searchAssetsOf(this, undefined, filter, token);
}

export async function searchVideoAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	token?: string,
) {
	return await searchAssetsOf(this, 'VIDEO', filter, token);
}

export async function searchAudioAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	token?: string,
) {
	return await searchAssetsOf(this, 'AUDIO', filter, token);
}

export async function searchImageAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	token?: string,
) {
	return await searchAssetsOf(this, 'IMAGE', filter, token);
}
