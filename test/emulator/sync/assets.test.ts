import http from 'node:http';

import { lipsyncOutputMp4 } from '../media';
import { emulatorForFile, request, syncClient, waitForTerminal } from '../testkit';

/** Assets flow (§2.7, §8.5): presigned upload → PUT raw bytes → register → list/get → use. */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 10 } },
});

const mp4 = lipsyncOutputMp4();

async function presign(fileName = 'face.mp4', contentType = 'video/mp4', size = mp4.length) {
	const res = await ctx.sync.post('/v2/assets/upload', { fileName, contentType, size });
	expect(res.status).toBe(201);
	return res.body as { uploadUrl: string; url: string; expiresIn: number };
}

/** PUT with node:http so Content-Length / chunked encoding are under the test's control. */
function put(url: string, body: Buffer, headers: Record<string, string | number>, chunked = false) {
	return new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>(
		(resolve, reject) => {
			const req = http.request(url, { method: 'PUT', headers });
			req.on('response', (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						text: Buffer.concat(chunks).toString(),
						headers: res.headers,
					}),
				);
			});
			req.on('error', reject);
			if (chunked) {
				req.write(body.subarray(0, 10));
				req.end(body.subarray(10));
			} else {
				req.end(body);
			}
		},
	);
}

describe('assets', () => {
	it('runs the whole presigned flow and the asset works as a generation input', async () => {
		const { uploadUrl, url, expiresIn } = await presign();
		expect(uploadUrl.startsWith(`${ctx.emu.storageBaseUrl}/uploads/`)).toBe(true);
		expect(uploadUrl).toContain('X-Amz-Signature=');
		expect(url.startsWith(`${ctx.emu.storageBaseUrl}/files/`)).toBe(true);
		expect(expiresIn).toBe(3600);

		const uploaded = await put(uploadUrl, mp4, {
			'content-type': 'video/mp4',
			'content-length': mp4.length,
		});
		expect(uploaded.status).toBe(200);
		expect(uploaded.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
		expect(ctx.emu.admin.counters().uploadsReceived).toBe(1);

		const created = await ctx.sync.post('/v2/assets', { url, type: 'VIDEO', name: 'Face' });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			id: expect.any(String),
			url,
			type: 'VIDEO',
			inputType: 'UPLOAD',
			name: 'Face',
			format: 'mp4',
			size: mp4.length,
			visibility: 'USER',
			projectId: null,
		});
		expect(created.body.durationSeconds).toBeGreaterThan(0);
		expect((await ctx.sync.get(`/v2/assets/${created.body.id}`)).body).toEqual(created.body);

		// The public URL serves the bytes back, with range support, without a key.
		const served = Buffer.from(await (await fetch(url)).arrayBuffer());
		expect(served.equals(mp4)).toBe(true);
		const ranged = await fetch(url, { headers: { range: 'bytes=0-7' } });
		expect(ranged.status).toBe(206);
		expect(Buffer.from(await ranged.arrayBuffer()).equals(mp4.subarray(0, 8))).toBe(true);

		const gen = await ctx.sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [
				{ type: 'video', assetId: created.body.id },
				{ type: 'audio', url: 'https://media.example.com/a.wav' },
			],
		});
		expect(gen.status).toBe(201);
		expect((await waitForTerminal(ctx.emu, gen.body.id)).body.status).toBe('COMPLETED');
		// An audio input pointing at a VIDEO asset is a type mismatch.
		const mismatch = await ctx.sync.post('/v2/generate', {
			model: 'lipsync-2',
			input: [
				{ type: 'video', url: 'https://media.example.com/v.mp4' },
				{ type: 'audio', assetId: created.body.id },
			],
		});
		expect(mismatch.body.errorCode).toBe('generation_input_asset_type_mismatch');
		expect(ctx.emu.admin.counters().requestsWithApiKeyOnStorage).toBe(0);
	});

	it('rejects a PUT whose Content-Type differs from the declared one (403, S3 XML)', async () => {
		const { uploadUrl } = await presign();
		const res = await put(uploadUrl, mp4, {
			'content-type': 'application/octet-stream',
			'content-length': mp4.length,
		});
		expect(res.status).toBe(403);
		expect(res.headers['content-type']).toBe('application/xml');
		expect(res.text).toContain('<Code>SignatureDoesNotMatch</Code>');
		expect(ctx.emu.admin.counters().uploadsReceived).toBe(0);
	});

	it('rejects a byte count different from the declared size', async () => {
		const { uploadUrl } = await presign('face.mp4', 'video/mp4', mp4.length + 1);
		const res = await put(uploadUrl, mp4, {
			'content-type': 'video/mp4',
			'content-length': mp4.length,
		});
		expect(res.status).toBe(403);
		ctx.emu.admin.configureSync({ uploadRequiresContentLength: false });
		const chunked = await put(uploadUrl, mp4, { 'content-type': 'video/mp4' }, true);
		expect(chunked.status).toBe(400);
		expect(chunked.text).toContain('IncompleteBody');
	});

	it('requires Content-Length like S3 (411 for chunked uploads) unless configured otherwise', async () => {
		const { uploadUrl, url } = await presign();
		const res = await put(uploadUrl, mp4, { 'content-type': 'video/mp4' }, true);
		expect(res.status).toBe(411);
		expect(res.text).toContain('MissingContentLength');
		ctx.emu.admin.configureSync({ uploadRequiresContentLength: false });
		expect((await put(uploadUrl, mp4, { 'content-type': 'video/mp4' }, true)).status).toBe(200);
		expect((await ctx.sync.post('/v2/assets', { url, type: 'VIDEO' })).status).toBe(201);
	});

	it('refuses unknown or expired upload URLs and unuploaded files', async () => {
		expect(
			(
				await put(`${ctx.emu.storageBaseUrl}/uploads/deadbeef`, mp4, {
					'content-type': 'video/mp4',
					'content-length': mp4.length,
				})
			).status,
		).toBe(403);
		ctx.emu.admin.configureSync({ uploadUrlExpiresInSeconds: -1 });
		const expired = await presign();
		const res = await put(expired.uploadUrl, mp4, {
			'content-type': 'video/mp4',
			'content-length': mp4.length,
		});
		expect(res.status).toBe(403);
		expect(res.text).toContain('Request has expired');
		const notUploaded = await ctx.sync.post('/v2/assets', { url: expired.url, type: 'VIDEO' });
		expect(notUploaded.status).toBe(422);
		expect(notUploaded.body.errorCode).toBe('uploaded_file_not_found');
	});

	it('validates upload and register bodies', async () => {
		const bad = await ctx.sync.post('/v2/assets/upload', {
			fileName: '',
			contentType: 'mp4',
			size: 0,
		});
		expect(bad.status).toBe(400);
		expect(bad.body.message).toHaveLength(3);
		expect(
			(
				await ctx.sync.post('/v2/assets/upload', {
					fileName: 'a.mp4',
					contentType: 'video/mp4',
					size: 6 * 1024 ** 3,
				})
			).status,
		).toBe(400);
		expect(
			(await ctx.sync.post('/v2/assets', { url: 'https://x.example/a.mp4', type: 'video' })).status,
		).toBe(400);
		const project = await ctx.sync.post('/v2/assets', {
			url: 'https://x.example/a.mp4',
			type: 'VIDEO',
			projectId: '00000000-0000-4000-8000-00000000dead',
		});
		expect(project.body.errorCode).toBe('project_not_found');
		expect((await ctx.sync.get('/v2/assets/not-a-uuid')).body.errorCode).toBe(
			'invalid_asset_id_format',
		);
		expect(
			(await ctx.sync.get('/v2/assets/00000000-0000-4000-8000-000000000000')).body.errorCode,
		).toBe('asset_not_found');
	});

	it('lists assets in a paginated envelope with type and search filters', async () => {
		const make = (name: string, type: string) =>
			ctx.sync.post('/v2/assets', { url: `https://x.example/${name}?duration=3`, type });
		const a = await make('a.mp4', 'VIDEO');
		const b = await make('b.wav', 'AUDIO');
		const c = await make('c.mp4', 'VIDEO');
		expect(a.body).toMatchObject({ inputType: 'URL', durationSeconds: 3, name: 'a.mp4' });
		const page1 = await ctx.sync.get('/v2/assets?limit=2');
		expect(page1.body.totalCount).toBe(3);
		expect(page1.body.items.map((x: { id: string }) => x.id)).toEqual([c.body.id, b.body.id]);
		expect(page1.body.nextCursor).toBe(b.body.id);
		const page2 = await ctx.sync.get(`/v2/assets?limit=2&cursor=${page1.body.nextCursor}`);
		expect(page2.body.items.map((x: { id: string }) => x.id)).toEqual([a.body.id]);
		expect(page2.body).not.toHaveProperty('nextCursor');
		expect((await ctx.sync.get('/v2/assets?types=AUDIO')).body.items).toHaveLength(1);
		expect((await ctx.sync.get('/v2/assets?types=%5B%22VIDEO%22%5D')).body.items).toHaveLength(2);
		expect((await ctx.sync.get('/v2/assets?searchQuery=C.MP4')).body.items[0].id).toBe(c.body.id);
		expect(
			(await ctx.sync.get('/v2/assets?sortBy=nameAsc')).body.items.map(
				(x: { name: string }) => x.name,
			),
		).toEqual(['a.mp4', 'b.wav', 'c.mp4']);
		expect((await ctx.sync.get('/v2/assets?limit=500')).status).toBe(400);
		expect((await syncClient(ctx.emu, 'sk_test_sync_scale').get('/v2/assets')).body).toEqual({
			items: [],
			totalCount: 0,
		});
		// Over HTTP too.
		expect((await request(`${ctx.emu.adminUrl}/assets`)).body).toHaveLength(3);
	});
});
