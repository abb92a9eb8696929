/** Recognising a request in Sync's echo of it (what a retry adopts). */
import { isEchoOf } from '../../nodes/sync/generation/requestEcho';

const body = {
	model: 'lipsync-2',
	input: [{ type: 'video', url: 'https://media.example.com/a.mp4' }],
	dubParams: { providerName: 'elevenlabs', targetLang: 'es' },
	options: { sync_mode: 'loop' },
	outputFileName: 'a-es',
};
const echo = (fields: Record<string, unknown> = {}) => ({
	id: 'g1',
	status: 'PROCESSING',
	...body,
	options: { sync_mode: 'loop', temperature: 0.5 },
	webhookUrl: null,
	...fields,
});

describe('isEchoOf', () => {
	it('matches the echo of the same request, defaults added by Sync included', () => {
		expect(isEchoOf(body, echo())).toBe(true);
	});

	it('tolerates fields Sync does not echo, but not a missing model or input', () => {
		expect(isEchoOf(body, echo({ dubParams: undefined, outputFileName: null }))).toBe(true);
		expect(isEchoOf(body, echo({ model: undefined }))).toBe(false);
		expect(isEchoOf(body, echo({ input: null }))).toBe(false);
	});

	it('tells another language, video, option or file name apart', () => {
		expect(isEchoOf(body, echo({ dubParams: { targetLang: 'fr' } }))).toBe(false);
		expect(
			isEchoOf(body, echo({ input: [{ type: 'video', url: 'https://x.example/b.mp4' }] })),
		).toBe(false);
		expect(isEchoOf(body, echo({ options: { sync_mode: 'bounce' } }))).toBe(false);
		expect(isEchoOf(body, echo({ outputFileName: 'a-fr' }))).toBe(false);
		expect(isEchoOf(body, echo({ input: [...body.input, { type: 'audio', url: 'x' }] }))).toBe(
			false,
		);
	});

	it('does not match an input Sync rewrote (an asset given back as a URL): it errs towards submitting', () => {
		const withAsset = { ...body, input: [{ type: 'video', assetId: 'a1' }] };
		expect(
			isEchoOf(withAsset, echo({ input: [{ type: 'video', url: 'https://cdn/a1.mp4' }] })),
		).toBe(false);
	});

	it('ignores the fields it is told to (a callback URL of the earlier execution)', () => {
		const withCallback = { ...body, webhookUrl: 'https://n8n.example/webhook-waiting/2/node' };
		const earlier = echo({ webhookUrl: 'https://n8n.example/webhook-waiting/1/node' });
		expect(isEchoOf(withCallback, earlier)).toBe(false);
		expect(isEchoOf(withCallback, earlier, ['webhookUrl'])).toBe(true);
	});
});
