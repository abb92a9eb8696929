import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';

import { mp4FileDurationSeconds, type StoredFile } from '../blobs';
import { isHttpUrl, isObject, queryList, sendJson, uuidPattern } from '../http';
import { assetTypes, type AssetType } from './catalogs';
import type { SyncCall } from './call';
import { readJsonBody } from './call';
import { badRequest, SyncHttpError, unprocessable } from './errors';
import { wireAsset } from './serialize';
import type { SyncService } from './service';
import type { Asset } from './store';

/** Assets API (reference §2.7): presigned upload → PUT to storage → register → list/get. */

const maxUploadBytes = 5 * 1024 ** 3;
const mimePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const sortOrders = [
	'nameAsc',
	'nameDesc',
	'dateAsc',
	'dateDesc',
	'durationAsc',
	'durationDesc',
	'sizeAsc',
	'sizeDesc',
	'kindAsc',
	'kindDesc',
] as const;

/** `POST /v2/assets/upload` → 201 `{uploadUrl, url, expiresIn}`. */
export async function createUpload(call: SyncCall): Promise<void> {
	const { svc } = call;
	const body = await readJsonBody(call.req);
	if (!isObject(body)) throw badRequest('Request body must be a JSON object');
	const errors: string[] = [];
	const { fileName, contentType, size } = body;
	if (typeof fileName !== 'string' || fileName.trim() === '')
		errors.push('fileName should not be empty');
	else if (fileName.includes('/') || fileName.includes('\\'))
		errors.push('fileName must not contain path separators');
	if (typeof contentType !== 'string' || !mimePattern.test(contentType))
		errors.push('contentType must be a MIME type');
	if (!Number.isInteger(size) || (size as number) < 1)
		errors.push('size must be a positive integer');
	else if ((size as number) > maxUploadBytes)
		errors.push(`size must not be greater than ${maxUploadBytes}`);
	if (errors.length > 0) throw badRequest(errors);
	const expiresIn = svc.config.uploadUrlExpiresInSeconds;
	const upload = svc.deps.blobs.createUpload({
		orgId: call.orgId,
		fileName: fileName as string,
		contentType: contentType as string,
		size: size as number,
		expiresAt: Date.now() + expiresIn * 1000,
	});
	// Looks like an S3 presigned URL; only the token in the path matters to the emulator.
	const signature = createHmac('sha256', 'emulator').update(upload.token).digest('hex');
	const uploadUrl =
		`${svc.deps.storageBaseUrl}/uploads/${upload.token}?X-Amz-Algorithm=AWS4-HMAC-SHA256` +
		`&X-Amz-Expires=${expiresIn}&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost&X-Amz-Signature=${signature}`;
	sendJson(call.res, 201, {
		uploadUrl,
		url: fileUrl(svc, upload.fileKey, upload.fileName),
		expiresIn,
	});
}

/** `POST /v2/assets` → 201 Asset. */
export async function createAsset(call: SyncCall): Promise<void> {
	const { svc } = call;
	const body = await readJsonBody(call.req);
	if (!isObject(body)) throw badRequest('Request body must be a JSON object');
	const errors: string[] = [];
	const { url, type, name, visibility, projectId } = body;
	if (!isHttpUrl(url)) errors.push('url must be a URL address');
	if (!(assetTypes as readonly unknown[]).includes(type)) {
		errors.push(`type must be one of the following values: ${assetTypes.join(', ')}`);
	}
	if (name !== undefined && typeof name !== 'string') errors.push('name must be a string');
	if (visibility !== undefined && visibility !== 'USER' && visibility !== 'ORGANIZATION') {
		errors.push('visibility must be one of the following values: USER, ORGANIZATION');
	}
	if (errors.length > 0) throw badRequest(errors);
	if (
		projectId !== undefined &&
		projectId !== null &&
		!svc.config.projectIds.includes(projectId as string)
	) {
		throw unprocessable('project_not_found', `Project ${String(projectId)} not found`, {
			field: 'projectId',
		});
	}
	const common = {
		orgId: call.orgId,
		type: type as AssetType,
		visibility: (visibility as Asset['visibility'] | undefined) ?? 'USER',
		projectId: (projectId as string | undefined) ?? null,
	};
	let asset: Asset;
	const storagePrefix = `${svc.deps.storageBaseUrl}/`;
	if ((url as string).startsWith(storagePrefix)) {
		const match = /^files\/([^/?#]+)\//.exec((url as string).slice(storagePrefix.length));
		if (!match)
			throw unprocessable('file_not_in_org_storage', 'The URL is not an uploaded file', {
				field: 'url',
			});
		const pending = svc.deps.blobs.uploadByFileKey(match[1]);
		const stored = svc.deps.blobs.get(match[1]);
		if (pending && pending.orgId !== call.orgId) {
			throw unprocessable('file_not_in_org_storage', 'The file belongs to another organization', {
				field: 'url',
			});
		}
		if (!stored) {
			throw unprocessable('uploaded_file_not_found', 'Nothing was uploaded to this URL yet', {
				field: 'url',
			});
		}
		asset = await assetFromFile(svc, stored, { ...common, name: name as string | undefined });
	} else {
		asset = assetFromUrl(url as string, { ...common, name: name as string | undefined });
	}
	svc.store.assets.set(asset.id, asset);
	svc.counters.count('assetsCreated');
	sendJson(call.res, 201, wireAsset(asset));
}

export async function listAssets(call: SyncCall): Promise<void> {
	const query = call.url.searchParams;
	const errors: string[] = [];
	const limitRaw = query.get('limit');
	const limit = limitRaw === null ? 20 : Number(limitRaw);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100)
		errors.push('limit must be an integer between 1 and 100');
	const types = queryList(query, 'types');
	if (types?.some((t) => !(assetTypes as readonly string[]).includes(t))) {
		errors.push(
			`each value in types must be one of the following values: ${assetTypes.join(', ')}`,
		);
	}
	const sortBy = query.get('sortBy') ?? 'dateDesc';
	if (!(sortOrders as readonly string[]).includes(sortBy)) {
		errors.push(`sortBy must be one of the following values: ${sortOrders.join(', ')}`);
	}
	if (errors.length > 0) throw badRequest(errors);
	const search = query.get('searchQuery')?.toLowerCase();
	const projectId = query.get('projectId');
	const matching = [...call.svc.store.assets.values()]
		.filter((a) => a.orgId === call.orgId)
		.filter((a) => !types || types.includes(a.type))
		.filter((a) => !search || a.name.toLowerCase().includes(search))
		.filter((a) => projectId === null || a.projectId === projectId);
	const ordered = sortAssets(matching, sortBy as (typeof sortOrders)[number]);
	const cursor = query.get('cursor');
	let start = 0;
	if (cursor !== null) {
		const index = ordered.findIndex((a) => a.id === cursor);
		start = index < 0 ? ordered.length : index + 1;
	}
	const items = ordered.slice(start, start + limit);
	const body: Record<string, unknown> = { items: items.map(wireAsset), totalCount: ordered.length };
	if (start + limit < ordered.length && items.length > 0)
		body.nextCursor = items[items.length - 1].id;
	sendJson(call.res, 200, body);
}

export async function getAsset(call: SyncCall): Promise<void> {
	const id = call.params.id;
	if (!uuidPattern.test(id)) {
		throw new SyncHttpError(400, 'invalid_asset_id_format', `"${id}" is not a valid asset id`, {
			field: 'id',
		});
	}
	const asset = call.svc.store.assets.get(id);
	if (!asset || asset.orgId !== call.orgId)
		throw new SyncHttpError(404, 'asset_not_found', `Asset ${id} not found`);
	sendJson(call.res, 200, wireAsset(asset));
}

export function fileUrl(svc: SyncService, key: string, fileName: string): string {
	return `${svc.deps.storageBaseUrl}/files/${key}/${encodeURIComponent(fileName)}`;
}

type AssetBasics = Pick<Asset, 'orgId' | 'type' | 'visibility' | 'projectId'> & { name?: string };

/** An UPLOAD asset for bytes in the blob store (presigned upload or multipart file). */
export async function assetFromFile(
	svc: SyncService,
	file: StoredFile,
	basics: AssetBasics,
): Promise<Asset> {
	const now = new Date().toISOString();
	const asset: Asset = {
		id: randomUUID(),
		orgId: basics.orgId,
		createdAt: now,
		updatedAt: now,
		name: basics.name ?? file.fileName,
		url: fileUrl(svc, file.key, file.fileName),
		format: formatOf(file.fileName, file.contentType),
		size: file.size,
		type: basics.type,
		inputType: 'UPLOAD',
		visibility: basics.visibility,
		projectId: basics.projectId,
		fileKey: file.key,
	};
	if (/mp4|quicktime|m4a|mov/i.test(`${file.contentType} ${file.fileName}`)) {
		const duration = await mp4FileDurationSeconds(file.path);
		if (duration !== undefined) asset.durationSeconds = duration;
	}
	return asset;
}

function assetFromUrl(url: string, basics: AssetBasics): Asset {
	const now = new Date().toISOString();
	const parsed = new URL(url);
	const baseName = decodeURIComponent(path.posix.basename(parsed.pathname)) || 'asset';
	const asset: Asset = {
		id: randomUUID(),
		orgId: basics.orgId,
		createdAt: now,
		updatedAt: now,
		name: basics.name ?? baseName,
		url,
		format: formatOf(baseName, ''),
		type: basics.type,
		inputType: 'URL',
		visibility: basics.visibility,
		projectId: basics.projectId,
	};
	const hinted = Number(parsed.searchParams.get('duration'));
	if (Number.isFinite(hinted) && hinted > 0) asset.durationSeconds = hinted;
	return asset;
}

function formatOf(fileName: string, contentType: string): string {
	const ext = path.extname(fileName).slice(1).toLowerCase();
	if (ext) return ext;
	return contentType.split('/')[1]?.split(';')[0] ?? '';
}

function sortAssets(assets: Asset[], sortBy: (typeof sortOrders)[number]): Asset[] {
	const direction = sortBy.endsWith('Desc') ? -1 : 1;
	const key = sortBy.replace(/(Asc|Desc)$/, '');
	const value = (a: Asset): string | number => {
		switch (key) {
			case 'name':
				return a.name.toLowerCase();
			case 'duration':
				return a.durationSeconds ?? 0;
			case 'size':
				return a.size ?? 0;
			case 'kind':
				return a.type;
			default:
				return a.createdAt;
		}
	};
	// Stable: insertion order breaks ties (newest last), reversed together with the direction.
	const indexed = assets.map((a, i) => ({ a, i }));
	indexed.sort((x, y) => {
		const vx = value(x.a);
		const vy = value(y.a);
		if (vx < vy) return -direction;
		if (vx > vy) return direction;
		return (x.i - y.i) * direction;
	});
	return indexed.map((x) => x.a);
}
