/**
 * The ElevenLabs API function checks its answer: a soundtrack that is not audio (a JSON or text
 * page answered with 200) is a NodeApiError naming the endpoint.
 */
import { NodeApiError } from 'n8n-workflow';

import { composeSoundtrack } from '../../nodes/elevenLabs/api/music';
import { VendorProbe } from './vendorProbe';

describe('ElevenLabs API answers', () => {
	let probe: VendorProbe;
	beforeAll(async () => {
		probe = await VendorProbe.start();
	});
	afterAll(async () => await probe.close());

	const compose = async () =>
		await probe.run(
			async (context) =>
				await composeSoundtrack(context, {
					buildForm: async () => new FormData(),
					outputFormat: 'mp3_44100_128',
					timeoutMs: 10_000,
				}),
		);

	it('composeSoundtrack: a JSON answer is a NodeApiError naming POST /v1/music/video-to-music', async () => {
		probe.answers = { 'POST /v1/music/video-to-music': { body: { detail: 'queued' } } };
		const { error } = await compose();
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error!.message).toBe(
			'ElevenLabs returned an unexpected answer to POST /v1/music/video-to-music',
		);
		expect((error as NodeApiError).description).toBe('contentType: is not audio');
	});

	it('composeSoundtrack: an audio stream passes', async () => {
		probe.answers = {
			'POST /v1/music/video-to-music': { contentType: 'audio/mpeg', body: 'ID3 audio' },
		};
		const { error } = await compose();
		expect(error).toBeUndefined();
	});
});
