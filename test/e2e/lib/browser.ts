import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import type { E2eContext } from './context';
import { E2E_OWNER } from './n8nRest';
import { repoRoot } from './paths';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Chromium flags for a container: no sandbox (root), no GPU, nothing phoning home.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
// n8n binds its auth cookie to the `browser-id` header the editor sends, which the editor reads
// from localStorage: the login request and the browser must use the same one.
const BROWSER_ID = 'n8n-nodes-video-dub-browser-e2e';
export const UI_TIMEOUT_MS = 15_000;

/** Where the browser tests' screenshots go (never into the tracked tree unless asked). */
export const SCREENSHOT_DIR_ENV = 'E2E_SCREENSHOT_DIR';

export interface EditorBrowser {
	context: BrowserContext;
	/** A page logged in as the owner, with the UI timeout as default. */
	page: Page;
	close(): Promise<void>;
}

async function authCookie(ctx: E2eContext): Promise<string> {
	const response = await fetch(`${ctx.n8n.baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify({ emailOrLdapLoginId: E2E_OWNER.email, password: E2E_OWNER.password }),
	});
	if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
	const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
	if (!cookie) throw new Error('login answered without an n8n-auth cookie');
	return cookie.split(';')[0].slice('n8n-auth='.length);
}

/**
 * A real headless Chromium (the Debian package, driven by playwright-core) logged in to the
 * run's n8n editor as the owner.
 */
export async function openEditorBrowser(ctx: E2eContext): Promise<EditorBrowser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`Chromium not found at ${CHROMIUM}. The browser tests need it: install the Debian package ` +
				'(apt-get update && apt-get install -y chromium; .ci/run does this) or set CHROMIUM_PATH.',
		);
	}
	// Owner set up by global setup; rest() logs in (and would set up the owner on a fresh n8n).
	await ctx.n8n.rest();
	const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-video-dub-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
		colorScheme: 'light',
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	await context.addCookies([
		{ name: 'n8n-auth', value: await authCookie(ctx), url: ctx.n8n.baseUrl },
	]);
	await context.addInitScript({
		content: `localStorage.setItem('n8n-browserId', ${JSON.stringify(BROWSER_ID)});`,
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(UI_TIMEOUT_MS);
	return {
		context,
		page,
		close: async () => {
			await context.close();
			rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/**
 * Screenshots of checks that passed, written when the test file ends: to $E2E_SCREENSHOT_DIR
 * (`npm run screenshots` points it at docs/screenshots/), else to the git-ignored
 * `.e2e/screenshots/<jest project>/`. Atomic writes (temp file + rename), so an interrupted run
 * never leaves a broken picture.
 */
export class Screenshots {
	private readonly verified = new Map<string, Buffer>();

	constructor(private readonly ctx: E2eContext) {}

	get dir(): string {
		return path.resolve(
			process.env[SCREENSHOT_DIR_ENV] ||
				path.join(repoRoot, '.e2e', 'screenshots', this.ctx.target.project),
		);
	}

	/** Takes the picture now (after the canvas settled); it is written by `save()`. */
	async take(page: Page, name: string): Promise<void> {
		// Let the canvas settle (zoom to fit, edge animations) before the picture.
		await page.waitForTimeout(250);
		this.verified.set(name, await page.screenshot({ type: 'png' }));
	}

	save(): void {
		if (!this.verified.size) return;
		mkdirSync(this.dir, { recursive: true });
		for (const [name, png] of this.verified) {
			const target = path.join(this.dir, name);
			const temp = `${target}.${process.pid}.tmp`;
			writeFileSync(temp, png);
			renameSync(temp, target);
		}
	}
}
