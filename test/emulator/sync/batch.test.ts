import {
	emulatorForFile,
	lipsyncBody,
	request,
	syncClient,
	verifySyncSignature,
	waitUntil,
	webhookReceiver,
} from '../testkit';

/** Batch API (§2.6, §8.6): multipart JSONL, per-line validation, lifecycle, result file, webhook. */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 20, processingMs: 40, batchPendingMs: 20 } },
});
const scaleKey = 'sk_test_sync_scale';
/** A client with the Scale-plan key (batches need the Scale plan). */
const scale = () => syncClient(ctx.emu, scaleKey);

function line(i: number, payload: unknown = lipsyncBody()) {
	return JSON.stringify({ request_id: `req-${i}`, endpoint: '/v2/generate', payload });
}

function jsonl(count: number, make: (i: number) => string = (i) => line(i)): string {
	return Array.from({ length: count }, (_, i) => make(i + 1)).join('\n') + '\n';
}

function batchForm(text: string, fields: Record<string, string> = {}) {
	const form = new FormData();
	form.append('input', new Blob([text], { type: 'application/jsonl' }), 'input.jsonl');
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	return form;
}

describe('POST /v2/batch', () => {
	it('402 plan_feature_unavailable below the Scale plan', async () => {
		const res = await syncClient(ctx.emu).form('/v2/batch', batchForm(jsonl(20)));
		expect(res.status).toBe(402);
		expect(res.body.errorCode).toBe('plan_feature_unavailable');
	});

	it('dry_run validates and stores nothing', async () => {
		const res = await scale().form('/v2/batch', batchForm(jsonl(20), { dry_run: 'true' }));
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ status: 'VALIDATED' });
		expect(ctx.emu.admin.counters().batchesCreated).toBe(0);
		expect((await scale().get('/v2/batch')).body).toEqual([]);
	});

	it('rejects too few or too many lines, a missing file and bad fields', async () => {
		const few = await scale().form('/v2/batch', batchForm(jsonl(19)));
		expect(few.status).toBe(400);
		expect(few.body.message.join()).toMatch(/between 20 and 500 requests, found 19/);
		expect((await scale().form('/v2/batch', batchForm(jsonl(501)))).status).toBe(400);
		const noFile = new FormData();
		noFile.append('webhook_url', 'https://x.example/hook');
		expect((await scale().form('/v2/batch', noFile)).status).toBe(400);
		expect(
			(await scale().form('/v2/batch', batchForm(jsonl(20), { dry_run: 'maybe' }))).status,
		).toBe(400);
		expect(
			(await scale().form('/v2/batch', batchForm(jsonl(20), { webhook_url: 'nope' }))).status,
		).toBe(400);
	});

	it('413 for an input file over the size cap', async () => {
		ctx.emu.admin.configureSync({ batchMaxFileBytes: 1000 });
		expect((await scale().form('/v2/batch', batchForm(jsonl(20)))).status).toBe(413);
	});

	it('reports every bad line by number', async () => {
		const text = jsonl(22, (i) => {
			if (i === 3) return '{not json';
			if (i === 5) return JSON.stringify({ endpoint: '/v2/generate', payload: lipsyncBody() });
			if (i === 7) return line(6);
			if (i === 9)
				return JSON.stringify({
					request_id: 'x9',
					endpoint: '/v2/lipsync',
					payload: lipsyncBody(),
				});
			if (i === 11)
				return line(11, {
					model: 'lipsync-2',
					input: [{ type: 'video', url: 'https://x.example/v.mp4' }],
				});
			if (i === 13) return line(13, lipsyncBody({ model: 'nope' }));
			return line(i);
		});
		const res = await scale().form('/v2/batch', batchForm(text));
		expect(res.status).toBe(400);
		const messages: string[] = res.body.message;
		expect(messages).toEqual([
			expect.stringMatching(/^Line 3: invalid JSON/),
			'Line 5: request_id is required',
			'Line 7: duplicate request_id "req-6" (first used on line 6)',
			'Line 9: endpoint must be "/v2/generate"',
			expect.stringMatching(/^Line 11: payload: .*\(generation_audio_missing\)$/),
			expect.stringMatching(/^Line 13: payload: model must be one of/),
		]);
	});

	it('runs PENDING → JOBS_CREATED → PROCESSING → COMPLETED, serves the JSONL result and signs the webhook', async () => {
		const hook = await webhookReceiver();
		try {
			const text = jsonl(20, (i) =>
				i === 2
					? line(
							i,
							lipsyncBody({
								input: [
									{ type: 'video', url: 'https://x.example/fail.mp4' },
									{ type: 'audio', url: 'https://x.example/a.wav' },
								],
							}),
						)
					: line(i),
			);
			const created = await scale().form('/v2/batch', batchForm(text, { webhook_url: hook.url }));
			expect(created.status).toBe(201);
			expect(created.body).toEqual({
				id: expect.any(String),
				created_at: expect.any(String),
				status: 'PENDING',
				metrics: { total_generations: 20, success_count: 0, failed_count: 0, pending_count: 20 },
				webhookUrl: hook.url,
				outputUrl: '',
			});
			const seen = new Set<string>();
			let batch;
			await waitUntil(async () => {
				batch = (await scale().get(`/v2/batch/${created.body.id}`)).body;
				seen.add(batch.status);
				return batch.status === 'COMPLETED';
			});
			expect(seen.has('PENDING') || seen.has('JOBS_CREATED') || seen.has('PROCESSING')).toBe(true);
			expect(batch!).toMatchObject({
				status: 'COMPLETED',
				metrics: { total_generations: 20, success_count: 19, failed_count: 1, pending_count: 0 },
				outputUrl: `${ctx.emu.syncBaseUrl}/v2/batches/${created.body.id}/result`,
			});

			// Children bypass the creator-style concurrency limit (Scale: 15 < 20) and are listed.
			expect(ctx.emu.admin.counters()).toMatchObject({
				batchesCreated: 1,
				batchGenerationsCreated: 20,
				generationsCreated: 0,
			});
			expect((await scale().get('/v2/generations')).body).toHaveLength(20);

			const result = await request(batch!.outputUrl);
			expect(result.status).toBe(200);
			const lines = result.text
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l));
			expect(lines).toHaveLength(20);
			expect(lines[1]).toMatchObject({
				request_id: 'req-2',
				response: { status: 'FAILED', errorCode: 'generation_input_video_inaccessible' },
			});
			expect(lines[0].response.status).toBe('COMPLETED');

			const [received] = await hook.waitFor(1);
			expect(
				verifySyncSignature(
					received.headers['sync-signature'] as string,
					received.rawBody,
					ctx.emu.webhookSecret,
				),
			).toBe(true);
			expect(JSON.parse(received.rawBody)).toEqual(batch);
			await waitUntil(() =>
				ctx.emu.admin
					.webhookDeliveries()
					.some((d) => d.kind === 'batch' && d.state === 'delivered'),
			);
		} finally {
			await hook.close();
		}
	});

	it('sends the camelCase batch webhook variant when configured', async () => {
		ctx.emu.admin.configureSync({ batchWebhookCasing: 'camel' });
		const hook = await webhookReceiver();
		try {
			await scale().form('/v2/batch', batchForm(jsonl(20), { webhook_url: hook.url }));
			const [received] = await hook.waitFor(1);
			const body = JSON.parse(received.rawBody);
			expect(body).toMatchObject({
				createdAt: expect.any(String),
				status: 'COMPLETED',
				metrics: { totalGenerations: 20, successCount: 20, failedCount: 0, pendingCount: 0 },
				options: {},
			});
			expect(body).not.toHaveProperty('created_at');
		} finally {
			await hook.close();
		}
	});

	it('429 once the plan runs its maximum of batches; lists and gets batches', async () => {
		ctx.emu.admin.configureSync({
			batchConcurrencyByPlan: { scale: 1 } as never,
			timing: { pendingMs: null, processingMs: null, batchPendingMs: 10 },
		});
		const first = await scale().form('/v2/batch', batchForm(jsonl(20)));
		expect(first.status).toBe(201);
		const second = await scale().form('/v2/batch', batchForm(jsonl(20)));
		expect(second.status).toBe(429);
		expect(second.body.errorCode).toBe('concurrency_limit_reached');
		expect(second.body.message).toMatch(/^Batch concurrency limit reached/);
		const list = await scale().get('/v2/batch');
		expect(list.body.map((b: { id: string }) => b.id)).toEqual([first.body.id]);
		expect((await scale().get('/v2/batch?status=COMPLETED')).body).toEqual([]);
		expect((await scale().get('/v2/batch?status=DONE')).status).toBe(400);
		expect((await scale().get('/v2/batch?created_after=yesterday')).status).toBe(400);
		expect(
			(await scale().get(`/v2/batch?created_before=${encodeURIComponent('2000-01-01T00:00:00Z')}`))
				.body,
		).toEqual([]);
		expect((await scale().get('/v2/batch/unknown')).status).toBe(404);
		expect(
			(await syncClient(ctx.emu, 'sk_test_sync_enterprise').get(`/v2/batch/${first.body.id}`))
				.status,
		).toBe(404);
		expect(
			(await request(`${ctx.emu.syncBaseUrl}/v2/batches/${first.body.id}/result`)).status,
		).toBe(404);
	});
});
