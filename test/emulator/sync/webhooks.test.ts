import {
	emulatorForFile,
	lipsyncBody,
	request,
	verifySyncSignature,
	waitUntil,
	webhookReceiver,
} from '../testkit';

/** Webhooks (§8.7): signed notifications, FAILED and REJECTED, retries, the secret. */

const ctx = emulatorForFile({
	sync: { timing: { pendingMs: 60, processingMs: 150, batchPendingMs: 10 } },
});

describe('webhooks', () => {
	it('POSTs a signed compact GenerationNotification on COMPLETED', async () => {
		const hook = await webhookReceiver();
		try {
			const res = await ctx.sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }));
			const [received] = await hook.waitFor(1);
			expect(received.headers['content-type']).toBe('application/json');
			expect(
				verifySyncSignature(
					received.headers['sync-signature'] as string,
					received.rawBody,
					ctx.emu.webhookSecret,
				),
			).toBe(true);
			expect(
				verifySyncSignature(
					received.headers['sync-signature'] as string,
					received.rawBody,
					'whsec_wrong',
				),
			).toBe(false);
			const t = Number(/t=(\d+)/.exec(received.headers['sync-signature'] as string)![1]);
			expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
			expect(received.headers['x-signature-primary']).toBeUndefined();
			const body = JSON.parse(received.rawBody);
			expect(received.rawBody).toBe(JSON.stringify(body));
			expect(Object.keys(body)).toEqual([
				'status',
				'createdAt',
				'id',
				'input',
				'model',
				'error',
				'error_code',
				'options',
				'outputDuration',
				'outputUrl',
				'segmentOutputUrl',
				'webhookUrl',
			]);
			expect(body).toMatchObject({
				id: res.body.id,
				status: 'COMPLETED',
				webhookUrl: hook.url,
				error_code: null,
			});

			await waitUntil(() => ctx.emu.admin.webhookDeliveries()[0]?.state !== 'pending');
			const log = ctx.emu.admin.webhookDeliveries();
			expect(log).toHaveLength(1);
			expect(log[0]).toMatchObject({
				kind: 'generation',
				resourceId: res.body.id,
				state: 'delivered',
				statusCode: 200,
			});
			expect(log[0].body).toBe(received.rawBody);
			expect(log[0].attempts).toHaveLength(1);
			// The same log over HTTP.
			const viaHttp = await request(`${ctx.emu.adminUrl}/webhooks`);
			expect(viaHttp.body[0].body).toBe(received.rawBody);
		} finally {
			await hook.close();
		}
	});

	it('sends FAILED with error_code, X-Signature-Primary when enabled, and skips REJECTED by default', async () => {
		const hook = await webhookReceiver();
		try {
			ctx.emu.admin.configureSync({ sendXSignaturePrimary: true });
			await ctx.sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }), {
				'x-emulator-outcome': 'REJECTED',
			});
			const failed = await ctx.sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }), {
				'x-emulator-outcome': 'FAILED:generation_pipeline_failed',
			});
			const [received] = await hook.waitFor(1);
			await new Promise((r) => setTimeout(r, 300));
			expect(hook.received).toHaveLength(1);
			const body = JSON.parse(received.rawBody);
			expect(body).toMatchObject({
				id: failed.body.id,
				status: 'FAILED',
				error_code: 'generation_pipeline_failed',
			});
			expect(body).not.toHaveProperty('errorCode');
			const v1 = /v1=([0-9a-f]+)/.exec(received.headers['sync-signature'] as string)![1];
			expect(received.headers['x-signature-primary']).toBe(v1);

			ctx.emu.admin.configureSync({ webhookOnRejected: true });
			await ctx.sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }), {
				'x-emulator-outcome': 'REJECTED',
			});
			const all = await hook.waitFor(2);
			expect(JSON.parse(all[1].rawBody).status).toBe('REJECTED');
		} finally {
			await hook.close();
		}
	});

	it('does not retry by default, and follows a configured retry schedule', async () => {
		const hook = await webhookReceiver([500, 503]);
		try {
			await ctx.sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }));
			await hook.waitFor(1);
			await new Promise((r) => setTimeout(r, 150));
			expect(hook.received).toHaveLength(1);
			await waitUntil(() => ctx.emu.admin.webhookDeliveries()[0]?.state !== 'pending');
			expect(ctx.emu.admin.webhookDeliveries()[0]).toMatchObject({
				state: 'failed',
				statusCode: 500,
			});

			ctx.emu.admin.reset();
			ctx.emu.admin.configureSync({
				timing: { pendingMs: 10, processingMs: 10, batchPendingMs: 10 },
				webhookRetryDelaysMs: [30, 30],
			});
			await ctx.sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }));
			await hook.waitFor(3);
			await waitUntil(() => ctx.emu.admin.webhookDeliveries()[0]?.state !== 'pending');
			const [delivery] = ctx.emu.admin.webhookDeliveries();
			expect(delivery.attempts.map((a) => a.statusCode)).toEqual([503, 200]);
			expect(delivery.state).toBe('delivered');
			// Every attempt is signed (fresh timestamp) over the same body.
			for (const attempt of delivery.attempts) {
				expect(
					verifySyncSignature(
						attempt.headers['Sync-Signature'],
						delivery.body,
						ctx.emu.webhookSecret,
					),
				).toBe(true);
			}
		} finally {
			await hook.close();
		}
	});

	it('records network errors for unreachable webhook URLs', async () => {
		await ctx.sync.post(
			'/v2/generate',
			lipsyncBody({ webhookUrl: 'http://127.0.0.1:9/unreachable' }),
		);
		await new Promise((r) => setTimeout(r, 400));
		const [delivery] = ctx.emu.admin.webhookDeliveries();
		expect(delivery.state).toBe('failed');
		expect(delivery.statusCode).toBeNull();
		expect(delivery.attempts[0].error).toBeTruthy();
	});

	it('uses the configured secret, also served by GET /v2/organizations/webhook/secret', async () => {
		ctx.emu.admin.configureSync({ webhookSecret: 'whsec_rotated' });
		const secret = await ctx.sync.get('/v2/organizations/webhook/secret');
		expect(secret.body).toEqual({ secret: 'whsec_rotated' });
		expect(ctx.emu.webhookSecret).toBe('whsec_rotated');
		const hook = await webhookReceiver();
		try {
			await ctx.sync.post('/v2/generate', lipsyncBody({ webhookUrl: hook.url }));
			const [received] = await hook.waitFor(1);
			expect(
				verifySyncSignature(
					received.headers['sync-signature'] as string,
					received.rawBody,
					'whsec_rotated',
				),
			).toBe(true);
		} finally {
			await hook.close();
		}
	});
});
