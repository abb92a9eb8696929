import { MultipartError, parseMultipart, type MultipartFile } from '../multipart';
import type { AssetType } from './catalogs';
import type { SyncCall } from './call';
import { badRequest, SyncHttpError } from './errors';
import { assetFromFile } from './assetRoutes';
import type { SyncService } from './service';

/**
 * "Create Generation with Files" (reference §2.2, §8.4 multipart): `video`/`audio`/`image` file
 * parts (≤ 1 each) become org assets referenced by `assetId`; `input` may be repeated JSON parts
 * or one JSON array; `options`/`segments`/`dubParams`/`dialogueEdit` are JSON strings.
 */

const fileFields = ['video', 'audio', 'image'] as const;
const jsonFields = ['options', 'segments', 'dubParams', 'dialogueEdit'];
const textFields = ['model', 'webhookUrl', 'outputFileName', 'projectId'];

export interface ParsedCreateForm {
	body: Record<string, unknown>;
	/** Canonical text of fields and file hashes, for Idempotency-Key comparison. */
	hashMaterial: string;
	/** Assets made from the files; removed again if the request is rejected. */
	assetIds: string[];
}

export async function parseCreateGenerationForm(call: SyncCall): Promise<ParsedCreateForm> {
	const { svc } = call;
	const blobs = svc.deps.blobs;
	const keys = new Map<MultipartFile, string>();
	const pendingKeys: string[] = [];
	let form;
	try {
		form = await parseMultipart(call.req, {
			fileSizeLimit: svc.config.multipartMaxFileBytes,
			destination: (field) => {
				if (!(fileFields as readonly string[]).includes(field)) return 'skip';
				const key = blobs.newKey();
				pendingKeys.push(key);
				return blobs.pathFor(key);
			},
		});
	} catch (error) {
		for (const key of pendingKeys) blobs.remove(key);
		if (error instanceof MultipartError)
			throw badRequest(`Malformed multipart body: ${error.message}`);
		throw error;
	}
	form.files.forEach((file, i) => keys.set(file, pendingKeys[i]));
	const discardFiles = () => {
		for (const key of pendingKeys) blobs.remove(key);
	};

	try {
		for (const field of fileFields) {
			if (form.files.filter((f) => f.field === field).length > 1) {
				throw badRequest([`Only one ${field} file is allowed`], undefined, { field });
			}
		}
		const oversize = form.files.find((f) => f.truncated);
		if (oversize) {
			const limit = svc.config.multipartMaxFileBytes;
			if (svc.config.multipartOversizeStatus === 422) {
				throw new SyncHttpError(
					422,
					'file_size_exceeds_plan_limit',
					`The ${oversize.field} file exceeds ${limit} bytes`,
					{
						field: oversize.field,
					},
				);
			}
			throw new SyncHttpError(
				413,
				'generation_input_validation_failed',
				`The ${oversize.field} file exceeds ${limit} bytes; use a URL for larger files`,
				{
					field: oversize.field,
				},
			);
		}
		const empty = form.files.find((f) => f.size === 0);
		if (empty)
			throw badRequest([`The ${empty.field} file is empty`], undefined, { field: empty.field });

		const body: Record<string, unknown> = {};
		const input: unknown[] = [];
		let sawInput = false;
		for (const [name, value] of form.fields) {
			if (name === 'input') {
				sawInput = true;
				const parsed = parseJsonField(name, value);
				if (Array.isArray(parsed)) input.push(...parsed);
				else input.push(parsed);
			} else if (jsonFields.includes(name)) {
				body[name] = parseJsonField(name, value);
			} else if (textFields.includes(name)) {
				body[name] = value;
			}
		}

		// Each file becomes an asset; a file wins over a URL input of the same type.
		const assetIds: string[] = [];
		const fileItems: Array<Record<string, unknown>> = [];
		for (const file of form.files) {
			const key = keys.get(file)!;
			const stored = blobs.add({
				key,
				fileName: file.fileName || `${file.field}.bin`,
				contentType: file.mimeType,
				size: file.size,
			});
			const asset = await assetFromFile(svc, stored, {
				orgId: call.orgId,
				type: file.field.toUpperCase() as AssetType,
				visibility: 'USER',
				projectId: null,
			});
			svc.store.assets.set(asset.id, asset);
			assetIds.push(asset.id);
			fileItems.push({ type: file.field, assetId: asset.id, url: asset.url });
		}
		const fileTypes = new Set(form.files.map((f) => f.field));
		const kept = input.filter((item) => !(isTyped(item) && fileTypes.has(item.type)));
		if (sawInput || fileItems.length > 0) body.input = [...fileItems, ...kept];

		const hashMaterial = JSON.stringify({
			fields: [...form.fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
			files: form.files.map((f) => [f.field, f.fileName, f.sha256]),
		});
		return { body, hashMaterial, assetIds };
	} catch (error) {
		discardFiles();
		throw error;
	}
}

/** Removes assets (and their bytes) made from the files of a request that was not accepted. */
export function cleanupUploadedFiles(svc: SyncService, assetIds: string[]): void {
	for (const id of assetIds) {
		const asset = svc.store.assets.get(id);
		svc.store.assets.delete(id);
		if (asset?.fileKey) svc.deps.blobs.remove(asset.fileKey);
	}
}

/** Files that became assets count once the generation is accepted. */
export function countUploadedAssets(svc: SyncService, assetIds: string[]): void {
	svc.counters.count('assetsCreated', assetIds.length);
}

function parseJsonField(name: string, value: string): unknown {
	try {
		return JSON.parse(value);
	} catch {
		throw badRequest([`${name} must be a valid JSON string`], undefined, { field: name });
	}
}

function isTyped(item: unknown): item is { type: string } {
	return (
		typeof item === 'object' &&
		item !== null &&
		typeof (item as { type?: unknown }).type === 'string'
	);
}
