/**
 * The Generation Trigger's setup and what it tells: activation refuses "Verify Signature" without
 * a signing secret; a dub's language is in the output and in the downloaded file's name.
 */
import type { ICredentialDataDecryptedObject, IHookFunctions, INode } from 'n8n-workflow';

import { GenerationTrigger } from '../../../nodes/GenerationTrigger/GenerationTrigger.node';
import { videoUrl } from '../../emulator/testkit';
import {
	apiGeneration,
	generationDelivery,
	replay,
	startedItem,
	useTriggerEnvironment,
} from './triggerSetup';

useTriggerEnvironment();

/** The parts of n8n's hook context the lifecycle methods read. */
function hookContext(
	parameters: Record<string, unknown>,
	credential: ICredentialDataDecryptedObject,
) {
	return {
		getNode: () => ({ name: 'Sync Labs Generation Trigger' }) as INode,
		getNodeParameter: (name: string, fallback: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getCredentials: async () => credential,
	} as unknown as IHookFunctions;
}

describe('activation', () => {
	const { default: hooks } = new GenerationTrigger().webhookMethods;

	it('registers nothing at Sync (the URL travels with each request)', async () => {
		const context = hookContext({}, { apiKey: 'sk', webhookSecret: 'whsec_abc' });
		await expect(hooks.checkExists.call(context)).resolves.toBe(true);
		await expect(hooks.create.call(context)).resolves.toBe(true);
		await expect(hooks.delete.call(context)).resolves.toBe(true);
	});

	it.each([
		['no secret', {}],
		['an empty secret', { webhookSecret: '' }],
		['a blank secret', { webhookSecret: '   ' }],
	])(
		'refuses to publish (or listen) with Verify Signature on and %s, naming the credential field',
		async (_case, secret) => {
			const context = hookContext({ verifySignature: true }, { apiKey: 'sk', ...secret });
			for (const hook of [hooks.checkExists, hooks.create]) {
				const refusal = hook.call(context);
				await expect(refusal).rejects.toThrow(
					'"Verify Signature" is on, but the Sync Labs credential has no "Webhook Signing Secret"',
				);
				await expect(refusal).rejects.toMatchObject({
					description: expect.stringContaining('API Keys → Webhooks'),
				});
			}
		},
	);

	it('publishes without a secret when Verify Signature is off', async () => {
		const context = hookContext({ verifySignature: false }, { apiKey: 'sk' });
		await expect(hooks.checkExists.call(context)).resolves.toBe(true);
		await expect(hooks.create.call(context)).resolves.toBe(true);
	});

	it('says so in the setup notice', () => {
		const notice = new GenerationTrigger().description.properties.find(
			(property) => property.name === 'setupNotice',
		);
		expect(notice?.displayName).toContain('Webhook Signing Secret');
	});
});

describe('a dub', () => {
	const dub = (outputFileName?: string) =>
		generationDelivery(undefined, {
			input: [{ type: 'video', url: videoUrl }],
			dubParams: { providerName: 'elevenlabs', targetLang: 'fr', sourceLang: 'auto' },
			...(outputFileName ? { outputFileName } : {}),
		});

	it('says its language, and names the downloaded file after it', async () => {
		const delivery = await dub();
		const item = startedItem(await replay(delivery, { parameters: { downloadOutput: true } }));
		expect(item.json).toMatchObject({
			id: delivery.resourceId,
			status: 'COMPLETED',
			language: 'fr',
		});
		expect(item.binary!.data.fileName).toBe(`sync-${delivery.resourceId}-fr.mp4`);
	});

	it("keeps Sync Dub's file name, which ends with the language already", async () => {
		const delivery = await dub('interview-fr');
		expect((await apiGeneration(delivery.resourceId)).outputFileName).toBe('interview-fr');
		const item = startedItem(await replay(delivery, { parameters: { downloadOutput: true } }));
		expect(item.json.language).toBe('fr');
		expect(item.binary!.data.fileName).toBe('interview-fr.mp4');
	});

	it('gives a lip-sync (no dub) no language', async () => {
		const delivery = await generationDelivery();
		const item = startedItem(await replay(delivery, { parameters: { downloadOutput: true } }));
		expect(item.json.language).toBeUndefined();
		expect(item.binary!.data.fileName).toBe(`sync-${delivery.resourceId}.mp4`);
	});
});
