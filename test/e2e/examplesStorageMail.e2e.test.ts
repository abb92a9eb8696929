// The workflows users build, as they build them: the examples that read videos from an S3 bucket,
// dub them, store the results back in the bucket and mail the team run in the real n8n, with
// n8n's own S3 and Send Email nodes, against a real S3-compatible server (s3rver) and a real
// SMTP server (MailDev). The checks read the bucket and the inbox as a person would.
import { randomUUID } from 'node:crypto';

import { getE2eContext } from './lib/context';
import { asCopy, loadExample, withSettings } from './lib/examples';
import {
	expectSuccess,
	fixtureSize,
	nodeItems,
	readBinary,
	runInServer,
	useFastEmulator,
} from './lib/runs';
import { expectStoredOutput, keysUnder, putFixtures, storedExample } from './lib/storedExamples';

const ctx = getE2eContext();
/** A folder of the bucket per target and run, so reruns and targets never see each other's files. */
const runFolder = `e2e-${ctx.target.name}-${Date.now().toString(36)}`;

beforeAll(async () => {
	await useFastEmulator(ctx);
});

describe(`examples with a bucket and a mail server in ${ctx.target.label}`, () => {
	it('01 reads a video from the bucket, dubs it into Spanish, stores the dub and mails the team', async () => {
		const folder = `${runFolder}/01`;
		const [sourceKey] = await putFixtures(ctx, `${folder}/incoming`, ['sample-video.mp4']);
		const workflow = storedExample(
			ctx,
			'01-dub-video-to-spanish.json',
			'e2eExample01Dub1',
			folder,
			{
				sourceKey,
			},
		);
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const [dub] = nodeItems(execution.data, 'Dub Into Spanish');
		expect(dub.json).toMatchObject({ status: 'COMPLETED', language: 'es' });
		const generation = await ctx.emulatorAdmin.generation(dub.json.id);
		expect(generation.dubParams).toMatchObject({ targetLang: 'es' });
		const asset = (await ctx.emulatorAdmin.assets()).find(
			(candidate) => candidate.id === generation.input[0].assetId,
		);
		expect(asset).toMatchObject({ type: 'VIDEO', size: fixtureSize('sample-video.mp4') });

		const key = `${folder}/out/sample-video-es.mp4`;
		expect(await keysUnder(ctx, `${folder}/out/`)).toEqual([key]);
		await expectStoredOutput(ctx, key, dub.json.outputUrl);

		const mails = await ctx.inbox.waitForMails(`Dubbed into Spanish: ${sourceKey}`);
		expect(mails).toHaveLength(1);
		const [mail] = mails;
		expect(mail).toMatchObject({ to: [`${folder}@team.example`], from: ['n8n@example.com'] });
		const estimate = dub.json.costEstimate as { estimatedGenerationCost: number };
		expect(mail.text).toContain(`Stored at:       s3://${ctx.bucket.name}/${key}`);
		expect(mail.text).toContain('Language:        es');
		expect(mail.text).toContain(`Duration:        ${String(dub.json.outputDuration)} s`);
		expect(mail.text).toContain(
			`Estimated cost:  ${estimate.estimatedGenerationCost.toFixed(2)} USD`,
		);
		expect(mail.text).toContain(`Generation:      ${String(dub.json.id)}`);
	});

	it('04 fire and forget: the trigger workflow stores each finished generation once and mails once', async () => {
		const folder = `${runFolder}/04`;
		const webhookId = randomUUID();
		const store = storedExample(
			ctx,
			'04b-fire-and-forget-store-result.json',
			'e2eExample04bSt1',
			folder,
			{},
			{ 'Generation Finished': webhookId },
		);
		await ctx.n8n.createWorkflow(store);
		await ctx.n8n.activateWorkflow(store.id);
		try {
			const submit = withSettings(
				asCopy(loadExample('04a-fire-and-forget-submit.json'), 'e2eExample04aSu1'),
				{ callbackUrl: ctx.n8n.webhookUrl(`${webhookId}/webhook`) },
			);
			const submitted = await runInServer(ctx, submit);
			expectSuccess(submitted);
			const [pending] = nodeItems(submitted.data, 'Submit Lip-Sync');
			expect(pending.json).toMatchObject({ status: 'PENDING' });

			const stored = await ctx.n8n.waitForExecution(
				(execution) => execution.workflowId === store.id && execution.status !== 'running',
				30_000,
				store.id,
			);
			expectSuccess(stored);
			const [received] = nodeItems(stored.data, 'Generation Finished');
			expect(received.json).toMatchObject({ id: pending.json.id, status: 'COMPLETED' });

			const key = `${folder}/out/${String(pending.json.id)}.mp4`;
			const mails = await ctx.inbox.waitForMails(
				`Video ready: generation ${String(pending.json.id)}`,
			);
			expect(await keysUnder(ctx, `${folder}/out/`)).toEqual([key]);
			await expectStoredOutput(ctx, key, received.json.outputUrl);
			expect(mails).toHaveLength(1);
			expect(mails[0].to).toEqual([`${folder}@team.example`]);
			expect(mails[0].text).toContain(`Stored at:   s3://${ctx.bucket.name}/${key}`);
			expect(await ctx.n8n.listExecutions(store.id)).toHaveLength(1);
		} finally {
			await ctx.n8n.deactivateWorkflow(store.id);
		}
	});

	it('05 dubs every MP4 of a bucket folder, stores one dub each and mails one summary', async () => {
		const folder = `${runFolder}/05`;
		await putFixtures(ctx, `${folder}/incoming`, [
			'sample-video.mp4',
			'sample-video-2.mp4',
			'README.md',
		]);
		const workflow = storedExample(ctx, '05-dub-many-videos.json', 'e2eExample05Man1', folder, {
			inputFolder: `${folder}/incoming`,
		});
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const dubs = nodeItems(execution.data, 'Dub Each Video');
		expect(dubs.map((dub) => dub.json.status)).toEqual(['COMPLETED', 'COMPLETED']);
		const keys = [`${folder}/out/sample-video-2-de.mp4`, `${folder}/out/sample-video-de.mp4`];
		expect(await keysUnder(ctx, `${folder}/out/`)).toEqual(keys);
		const named = nodeItems(execution.data, 'Name Each Dub');
		for (const item of named) {
			await expectStoredOutput(ctx, String(item.json.key), item.json.outputUrl);
		}

		const mails = await ctx.inbox.waitForMails(`videos dubbed into de`);
		const ours = mails.filter((mail) => mail.to.includes(`${folder}@team.example`));
		expect(ours).toHaveLength(1);
		expect(ours[0].subject).toBe('2 videos dubbed into de');
		for (const key of keys) expect(ours[0].text).toContain(`s3://${ctx.bucket.name}/${key}`);
	});

	it('06 localises a video: stores the dubs within budget and the soundtrack, mails every file and the refusal', async () => {
		const folder = `${runFolder}/06`;
		const [sourceKey] = await putFixtures(ctx, `${folder}/incoming`, ['sample-video.mp4']);
		// The 4 s sample at lipsync-2 costs 0.2 USD a language at the emulator: 0.5 USD pays for two.
		const workflow = storedExample(ctx, '06-localise-a-video.json', 'e2eExample06Loc1', folder, {
			sourceKey,
			targetLanguages: 'es, fr, de',
			maxCostUsd: '0.5',
		});
		const execution = await runInServer(ctx, workflow);
		expectSuccess(execution);

		const dubs = nodeItems(execution.data, 'Name Each Dub');
		expect(
			dubs.map((dub) => [dub.json.language, dub.json.error ? 'refused' : dub.json.status]),
		).toEqual([
			['es', 'COMPLETED'],
			['fr', 'COMPLETED'],
			['de', 'refused'],
		]);
		const out = `${folder}/out`;
		expect(await keysUnder(ctx, `${out}/`)).toEqual([
			`${out}/sample-video-es.mp4`,
			`${out}/sample-video-fr.mp4`,
			`${out}/sample-video-soundtrack.mp3`,
		]);
		const es = await expectStoredOutput(ctx, `${out}/sample-video-es.mp4`, dubs[0].json.outputUrl);
		const fr = await expectStoredOutput(ctx, `${out}/sample-video-fr.mp4`, dubs[1].json.outputUrl);
		const [soundtrack] = nodeItems(execution.data, 'Compose Soundtrack');
		const storedSoundtrack = await ctx.bucket.get(`${out}/sample-video-soundtrack.mp3`);
		expect(storedSoundtrack.contentType).toBe('audio/mpeg');
		expect(storedSoundtrack.bytes.equals(readBinary(ctx, soundtrack.binary!.data))).toBe(true);

		const [mail] = await ctx.inbox.waitForMails(`Localised: ${sourceKey}`);
		expect(await ctx.inbox.mailsAbout(`Localised: ${sourceKey}`)).toHaveLength(1);
		expect(mail.text).toContain('2 of 3 languages dubbed, and a soundtrack.');
		expect(mail.text).toContain(`  es  ${out}/sample-video-es.mp4  (`);
		expect(mail.text).toContain(`  fr  ${out}/sample-video-fr.mp4  (`);
		expect(mail.text).toContain(`  soundtrack  ${out}/sample-video-soundtrack.mp3`);
		expect(mail.text).toMatch(/ {2}de {2}.*Max Cost per Execution \(USD\).*0\.5/);
		expect(mail.text).toContain('Estimated dubbing cost: 0.40 USD of a 0.5 USD budget.');
		// Each dub is its own video (the input, labelled with its language), not one canned clip.
		expect(es.equals(fr)).toBe(false);
	});
});
