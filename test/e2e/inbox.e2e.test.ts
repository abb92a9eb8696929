/**
 * @jest-environment ./test/e2e/environment.ts
 */
// The summary mail as the team reads it: example 06 runs (video from the bucket, dubs and the
// soundtrack back into it), then a real headless Chromium opens MailDev's web inbox, opens the
// mail and must see every stored file and the refused language. Its screenshot is the README's.
import { openEditorBrowser, Screenshots, type EditorBrowser } from './lib/browser';
import { getE2eContext } from './lib/context';
import { expectSuccess, runInServer, useFastEmulator } from './lib/runs';
import { putFixtures, storedExample } from './lib/storedExamples';

jest.setTimeout(90_000);

const ctx = getE2eContext();
const screenshots = new Screenshots(ctx);
let browser: EditorBrowser | undefined;

afterAll(async () => {
	await browser?.close();
	screenshots.save();
});

describe(`the summary mail in the web inbox (${ctx.target.label})`, () => {
	it('shows every stored file and the refused language', async () => {
		await useFastEmulator(ctx);
		// The example's own folders and recipient (no other test of this run uses them): the
		// screenshot shows what a user of the example sees.
		const [sourceKey] = await putFixtures(ctx, 'incoming', ['sample-video.mp4']);
		const out = 'localised';
		const workflow = storedExample(ctx, '06-localise-a-video.json', 'e2eInboxLocalis1', '', {
			sourceKey,
			targetLanguages: 'es, fr, de',
			maxCostUsd: '0.5',
			outputFolder: out,
			mailTo: 'video-team@example.com',
		});
		expectSuccess(await runInServer(ctx, workflow));
		const subject = `Localised: ${sourceKey}`;
		await ctx.inbox.waitForMails(subject);

		browser = await openEditorBrowser(ctx);
		const { page } = browser;
		await page.goto(ctx.inbox.url);
		await page.getByText(subject).first().click();
		for (const line of [
			'2 of 3 languages dubbed, and a soundtrack.',
			`${out}/sample-video-es.mp4`,
			`${out}/sample-video-fr.mp4`,
			`${out}/sample-video-soundtrack.mp3`,
			'Max Cost per Execution (USD)',
		]) {
			await page.getByText(line, { exact: false }).first().waitFor();
		}
		await screenshots.take(page, 'inbox-localise-summary.png');
	});
});
