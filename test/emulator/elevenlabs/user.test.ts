import { callVideoToMusic, elevenLabsServerForFile } from './testServer';

/** Required fields of ExtendedSubscriptionResponseModel per the OAS (reference §1.3). */
const SUBSCRIPTION_REQUIRED = [
	'tier',
	'character_count',
	'character_limit',
	'max_character_limit_extension',
	'max_credit_limit_extension',
	'can_extend_character_limit',
	'allowed_to_extend_character_limit',
	'voice_slots_used',
	'professional_voice_slots_used',
	'professional_voice_slots_used_in_workspace',
	'voice_limit',
	'voice_add_edit_counter',
	'professional_voice_limit',
	'can_extend_voice_limit',
	'can_use_instant_voice_cloning',
	'can_use_professional_voice_cloning',
	'current_overage',
	'status',
	'open_invoices',
	'has_open_invoices',
];

/** Required fields of UserResponseModel (OAS) plus `workspace_id` (JS 2.73). */
const USER_REQUIRED = [
	'user_id',
	'workspace_id',
	'subscription',
	'is_new_user',
	'can_use_delayed_payment_methods',
	'is_onboarding_completed',
	'is_onboarding_checklist_completed',
	'created_at',
	'seat_type',
];

const server = elevenLabsServerForFile();

function get(path: string, key?: string): Promise<Response> {
	return fetch(`${server.baseUrl}${path}`, { headers: key ? { 'xi-api-key': key } : {} });
}

describe('GET /v1/user/subscription', () => {
	it('returns every required field with the key tier', async () => {
		const response = await get('/v1/user/subscription', 'sk_test_el_creator');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
		const body = (await response.json()) as Record<string, unknown>;
		for (const field of SUBSCRIPTION_REQUIRED) expect(body).toHaveProperty(field);
		expect(body.tier).toBe('creator');
		expect(body.status).toBe('active');
		expect(body.current_overage).toEqual({ amount: '0.00', currency: 'usd' });
		expect(body.open_invoices).toEqual([]);
		expect(typeof body.character_limit).toBe('number');
	});

	it.each([
		['sk_test_el_free', 'free', 'free'],
		['sk_test_el_starter', 'starter', 'active'],
		['sk_test_el_pro', 'pro', 'active'],
		['sk_test_el_scale', 'scale', 'active'],
	])('%s → tier %s, status %s', async (key, tier, status) => {
		const body = (await (await get('/v1/user/subscription', key)).json()) as Record<
			string,
			unknown
		>;
		expect(body.tier).toBe(tier);
		expect(body.status).toBe(status);
	});

	it('is deterministic', async () => {
		const first = await (await get('/v1/user/subscription', 'sk_test_el_pro')).json();
		const second = await (await get('/v1/user/subscription', 'sk_test_el_pro')).json();
		expect(second).toEqual(first);
	});
});

describe('GET /v1/user', () => {
	it('returns every required field and nests the subscription without invoices', async () => {
		const response = await get('/v1/user', 'sk_test_el_starter');
		expect(response.status).toBe(200);
		const body = (await response.json()) as Record<string, unknown>;
		for (const field of USER_REQUIRED) expect(body).toHaveProperty(field);
		expect(body.seat_type).toBe('workspace_admin');
		expect(body.is_new_user).toBe(false);
		expect(body.xi_api_key_preview).toBe('sk_tes...rter');
		const subscription = body.subscription as Record<string, unknown>;
		expect(subscription.tier).toBe('starter');
		expect(subscription).not.toHaveProperty('open_invoices');
		expect(subscription).toHaveProperty('character_limit');
	});
});

describe('authentication', () => {
	it.each([
		['missing', undefined],
		['unknown', 'sk_not_a_real_key'],
	])('%s xi-api-key → 401 invalid_api_key (JSON)', async (_case, key) => {
		for (const path of ['/v1/user', '/v1/user/subscription']) {
			const response = await get(path, key);
			expect(response.status).toBe(401);
			expect(response.headers.get('content-type')).toBe('application/json');
			expect(await response.json()).toEqual({
				detail: {
					status: 'invalid_api_key',
					message: 'Invalid API key',
					code: 'invalid_api_key',
					type: 'authentication_error',
				},
			});
		}
		const music = await callVideoToMusic(server, { key: key ?? null });
		expect(music.status).toBe(401);
		expect(((await music.json()) as { detail: { status: string } }).detail.status).toBe(
			'invalid_api_key',
		);
		expect(server.counters.musicGenerations).toBe(0);
	});

	it('uses the new envelope when configured', async () => {
		server.config.errorEnvelope = 'new';
		const response = await get('/v1/user', 'nope');
		const requestId = response.headers.get('x-request-id');
		expect(await response.json()).toEqual({
			detail: {
				type: 'authentication_error',
				code: 'invalid_api_key',
				message: 'Invalid API key',
				status: 'invalid_api_key',
				request_id: requestId,
				param: null,
			},
		});
	});

	it('a music-only key gets 401 on the user endpoints while music still works', async () => {
		for (const path of ['/v1/user', '/v1/user/subscription']) {
			const response = await get(path, 'sk_test_el_music_only');
			expect(response.status).toBe(401);
			expect(((await response.json()) as { detail: { status: string } }).detail.status).toBe(
				'missing_permissions',
			);
		}
		const music = await callVideoToMusic(server, { key: 'sk_test_el_music_only' });
		expect(music.status).toBe(200);
		await music.arrayBuffer();
	});

	it('a key without the music permission gets 401 on music but reads the user', async () => {
		expect((await get('/v1/user', 'sk_test_el_no_music')).status).toBe(200);
		const music = await callVideoToMusic(server, { key: 'sk_test_el_no_music' });
		expect(music.status).toBe(401);
		const body = (await music.json()) as { detail: { status: string; message: string } };
		expect(body.detail.status).toBe('missing_permissions');
		expect(body.detail.message).toContain('music_generation');
	});

	it('keys are read from the live config', async () => {
		server.config.keys.sk_test_added_later = {
			...server.config.keys.sk_test_el_pro,
			userId: 'u_new',
		};
		const body = (await (await get('/v1/user', 'sk_test_added_later')).json()) as {
			user_id: string;
		};
		expect(body.user_id).toBe('u_new');
		delete server.config.keys.sk_test_added_later;
	});
});

describe('routing', () => {
	it('unknown paths → 404 and wrong methods → 405, FastAPI style', async () => {
		const missing = await get('/v1/nothing-here', 'sk_test_el_creator');
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ detail: 'Not Found' });
		const wrongMethod = await fetch(`${server.baseUrl}/v1/music/video-to-music`, {
			headers: { 'xi-api-key': 'sk_test_el_creator' },
		});
		expect(wrongMethod.status).toBe(405);
		expect(await wrongMethod.json()).toEqual({ detail: 'Method Not Allowed' });
		const post = await fetch(`${server.baseUrl}/v1/user`, { method: 'POST', body: 'x' });
		expect(post.status).toBe(405);
		await post.arrayBuffer();
	});
});
