// Reads and fills the local object store (userServices.ts) the way a person would look at a
// bucket: list the keys, fetch an object, put one. s3rver serves anonymous requests, so plain
// HTTP is enough here; n8n's S3 node signs its requests with the credential's keys.
import { readFileSync } from 'node:fs';

import type { ObjectStoreInfo } from './userServices';

export interface BucketObject {
	key: string;
	size: number;
	/** Milliseconds since the epoch. */
	lastModified: number;
}

export interface StoredObject {
	bytes: Buffer;
	contentType: string;
}

const decodeXml = (text: string) =>
	text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');

/** `<Tag>value</Tag>` inside `xml` (the first one). */
const xmlValue = (xml: string, tag: string) =>
	decodeXml(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1] ?? '');

export class Bucket {
	constructor(
		private readonly store: Pick<ObjectStoreInfo, 'endpoint' | 'bucket'>,
		readonly name = store.bucket,
	) {}

	/** URL of an object (path style), e.g. to open it in a browser. */
	objectUrl(key: string): string {
		const path = key.split('/').map(encodeURIComponent).join('/');
		return `${this.store.endpoint}/${this.name}/${path}`;
	}

	/** Every object whose key starts with `prefix`, sorted by key. */
	async list(prefix = ''): Promise<BucketObject[]> {
		const objects: BucketObject[] = [];
		let token: string | undefined;
		do {
			const query = new URLSearchParams({ 'list-type': '2', prefix });
			if (token) query.set('continuation-token', token);
			const response = await fetch(`${this.store.endpoint}/${this.name}?${query}`);
			const xml = await response.text();
			if (!response.ok) throw new Error(`listing ${this.name}: HTTP ${response.status} ${xml}`);
			for (const [, entry] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
				objects.push({
					key: xmlValue(entry, 'Key'),
					size: Number(xmlValue(entry, 'Size')),
					lastModified: Date.parse(xmlValue(entry, 'LastModified')),
				});
			}
			token = xmlValue(xml, 'IsTruncated') === 'true' ? xmlValue(xml, 'NextContinuationToken') : '';
		} while (token);
		return objects.sort((a, b) => a.key.localeCompare(b.key));
	}

	async get(key: string): Promise<StoredObject> {
		const response = await fetch(this.objectUrl(key));
		if (!response.ok) throw new Error(`GET ${key}: HTTP ${response.status}`);
		return {
			bytes: Buffer.from(await response.arrayBuffer()),
			contentType: response.headers.get('content-type') ?? '',
		};
	}

	async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
		const response = await fetch(this.objectUrl(key), {
			method: 'PUT',
			body: bytes,
			headers: { 'content-type': contentType },
		});
		if (!response.ok) throw new Error(`PUT ${key}: HTTP ${response.status}`);
	}

	async putFile(key: string, file: string, contentType = 'video/mp4'): Promise<void> {
		await this.put(key, readFileSync(file), contentType);
	}

	async delete(key: string): Promise<void> {
		await fetch(this.objectUrl(key), { method: 'DELETE' });
	}
}
