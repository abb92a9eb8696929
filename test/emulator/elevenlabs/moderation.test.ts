import { errorOf } from './responseChecks';
import { callVideoToMusic, elevenLabsServerForFile } from './testServer';

/** Moderation of descriptions and tags: blocked artists and harmful terms. */

const server = elevenLabsServerForFile();

describe('moderation', () => {
	it('a blocked artist in the description → 400 bad_prompt with a sanitised suggestion', async () => {
		const refused = await errorOf(server, {
			fields: [
				['description', 'Epic orchestral score in the style of Hans Zimmer, rising tension'],
			],
		});
		expect(refused.status).toBe(400);
		expect(refused.detail).toEqual({
			status: 'bad_prompt',
			message:
				'Your prompt appears to have violated our Terms of Service. Please try again with a different prompt.',
			data: { prompt_suggestion: 'Epic orchestral score, rising tension' },
		});
		expect(server.counters.musicGenerations).toBe(0);
	});

	it('a blocked term in a tag (also in a JSON tags string) is caught', async () => {
		const tag = await errorOf(server, {
			fields: [
				['description', 'Upbeat pop'],
				['tags', 'sounds like The Beatles'],
			],
		});
		expect(tag.status).toBe(400);
		expect(tag.detail.data).toEqual({ prompt_suggestion: 'Upbeat pop' });
		const json = await errorOf(server, { fields: [['tags', '["calm", "taylor swift"]']] });
		expect(json.status).toBe(400);
		expect(json.detail.data).toEqual({
			prompt_suggestion: 'An instrumental piece that matches the mood and pacing of the video.',
		});
	});

	it('a harmful term → bad_prompt without a suggestion', async () => {
		const refused = await errorOf(server, {
			fields: [['description', 'music for emulator-harmful-term']],
		});
		expect(refused.status).toBe(400);
		expect(refused.detail).not.toHaveProperty('data');
	});

	it('runs after the tier gate, and uses the new envelope when configured', async () => {
		const free = await errorOf(server, {
			key: 'sk_test_el_free',
			fields: [['description', 'hans zimmer']],
		});
		expect(free.status).toBe(403);
		server.config.errorEnvelope = 'new';
		const refused = await errorOf(server, { fields: [['description', 'Like the beatles']] });
		expect(refused.detail).toEqual({
			type: 'invalid_request',
			code: 'bad_prompt',
			status: 'bad_prompt',
			message: expect.stringContaining('Terms of Service'),
			request_id: refused.headers.get('x-request-id'),
			param: 'description',
			data: { prompt_suggestion: expect.any(String) },
		});
	});

	it('uses the configured blocked terms', async () => {
		server.config.blockedTerms = ['kraftwerk'];
		const ok = await callVideoToMusic(server, { fields: [['description', 'hans zimmer']] });
		expect(ok.status).toBe(200);
		await ok.arrayBuffer();
		expect((await errorOf(server, { fields: [['description', 'Kraftwerk robots']] })).status).toBe(
			400,
		);
	});
});
