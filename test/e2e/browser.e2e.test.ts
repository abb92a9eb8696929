/**
 * @jest-environment ./test/e2e/environment.ts
 */
// The package as a user sees it in the n8n editor: a real headless Chromium (Debian package,
// driven by playwright-core) opens every example workflow and checks that our nodes are drawn with
// our icons, opens each of our nodes' parameter panels and both credentials (whose connection test
// must pass against the emulator), and takes the README's screenshots (lib/browser.ts: written
// only for checks that passed, outside the tracked tree unless `npm run screenshots` asks).
import type { Locator, Page } from 'playwright-core';

import { openEditorBrowser, Screenshots, UI_TIMEOUT_MS, type EditorBrowser } from './lib/browser';
import { getE2eContext } from './lib/context';
import {
	canvasNode,
	closeParameterPanel,
	openWorkflowIn,
	ourIconIn,
	parameterPanel,
} from './lib/editor';
import { asCopy, exampleFiles, loadExample } from './lib/examples';
import type { WorkflowJson } from './lib/n8nInstance';

jest.setTimeout(60_000);

const ctx = getE2eContext();
const iconPath = `/icons/${ctx.packageName}/`;

/** What each of our nodes' parameter panel must show (labels of its main parameters). */
const NODE_PANELS: Record<string, { screenshot: string; labels: string[] }> = {
	syncDub: {
		screenshot: 'node-sync-dub.png',
		labels: ['Target Languages', 'Source Language', 'Model', 'Completion'],
	},
	lipsyncGeneration: {
		screenshot: 'node-lipsync-generation.png',
		labels: ['Operation', 'Voice Input', 'Script'],
	},
	videoToMusic: {
		screenshot: 'node-video-to-music.png',
		labels: ['Description', 'Style Tags', 'Output Format'],
	},
	generationTrigger: {
		screenshot: 'node-generation-trigger.png',
		labels: ['Events', 'Verify Signature', 'Download Output'],
	},
};

interface ShownExample {
	file: string;
	screenshot: string;
	workflow: WorkflowJson;
}

// Copies under ids of this file and run: one n8n serves the whole e2e run (and may be reused).
const runTag = Math.random().toString(36).slice(2, 9).padEnd(7, '0');
const examples: ShownExample[] = exampleFiles().map((file, index) => {
	const [number, ...words] = file.replace(/\.json$/, '').split('-');
	return {
		file,
		// 01-dub-video-to-spanish.json -> example-1-dub-video-to-spanish.png
		screenshot: `example-${number.replace(/^0+/, '')}-${words.join('-')}.png`,
		workflow: asCopy(loadExample(file), `e2eBrw${runTag}${String(index + 1).padStart(3, '0')}`),
	};
});

const screenshots = new Screenshots(ctx);
const iconProblems: string[] = [];
let browser: EditorBrowser | undefined;
let page: Page;

beforeAll(async () => {
	browser = await openEditorBrowser(ctx);
	page = browser.page;
	for (const { workflow } of examples) await ctx.n8n.createWorkflow(workflow);
	// Every request for one of our icons must succeed.
	browser.context.on('response', (response) => {
		if (response.url().includes(iconPath) && response.status() >= 400) {
			iconProblems.push(`${response.status()} ${response.url()}`);
		}
	});
	browser.context.on('requestfailed', (request) => {
		if (request.url().includes(iconPath)) {
			iconProblems.push(`${request.failure()?.errorText ?? 'failed'} ${request.url()}`);
		}
	});
});

afterAll(async () => {
	await browser?.close();
	screenshots.save();
});

const openWorkflow = async (workflow: WorkflowJson, options: { reuse?: boolean } = {}) =>
	await openWorkflowIn(page, ctx.n8n.baseUrl, workflow, options);

/** The parts of an <img> element the checks read (tests compile without the DOM typings). */
interface ImageElement {
	complete: boolean;
	naturalWidth: number;
	getAttribute(name: string): string | null;
}

/** True once the image has loaded and decoded to a real picture (a broken icon has no size). */
async function iconLoaded(nodeName: string): Promise<{ src: string; loaded: boolean }> {
	const icon = page.locator(`${canvasNode(nodeName)} img`);
	await icon.waitFor();
	await page.waitForFunction(
		(img) => (img as unknown as ImageElement).complete,
		await icon.elementHandle(),
	);
	return await icon.evaluate((element) => {
		const img = element as unknown as ImageElement;
		return {
			src: img.getAttribute('src') ?? '',
			loaded: img.complete && img.naturalWidth > 0,
		};
	});
}

/** The value of an input once it equals `expected`, or its last value after the UI timeout. */
async function waitForValue(input: Locator, expected: string): Promise<string> {
	const deadline = Date.now() + UI_TIMEOUT_MS;
	let value = await input.inputValue();
	while (value !== expected && Date.now() < deadline) {
		await page.waitForTimeout(100);
		value = await input.inputValue();
	}
	return value;
}

const screenshot = async (name: string) => await screenshots.take(page, name);

const isOurs = (type: string) => type.startsWith(`${ctx.packageName}.`);

/** Every node of ours in a workflow must show its own title and our icon, loaded. */
async function expectOurNodesDrawn(workflow: WorkflowJson): Promise<void> {
	const ours = workflow.nodes.filter((node) => isOurs(node.type));
	expect(ours.length).toBeGreaterThan(0);
	for (const node of ours) {
		const box = page.locator(canvasNode(node.name));
		await expect(box.getAttribute('data-node-type')).resolves.toBe(node.type);
		// The title under the node box.
		await expect(box.innerText()).resolves.toContain(node.name);
		const icon = await iconLoaded(node.name);
		expect(icon.src).toContain(iconPath);
		expect(icon.loaded).toBe(true);
	}
	// n8n draws an unknown node type (package not loaded) with a question-mark placeholder.
	await expect(page.getByText('Install this node to use it').count()).resolves.toBe(0);
}

/** Double-clicks the node on the canvas and checks its parameter panel (NDV). */
async function expectParameterPanel(
	node: WorkflowJson['nodes'][number],
	labels: readonly string[],
): Promise<void> {
	await page.locator(canvasNode(node.name)).dblclick();
	const ndv = parameterPanel(page);
	await ndv.waitFor();
	await expect(ndv.locator('[data-test-id="node-title-container"]').innerText()).resolves.toContain(
		node.name,
	);
	for (const label of labels) {
		const inputLabels = ndv.locator('[data-test-id="input-label"]');
		await inputLabels.getByText(label, { exact: true }).first().waitFor();
	}
	// The credential the example references is selected (and exists: the select shows its name).
	const [credential] = Object.values(node.credentials as Record<string, { name: string }>);
	const selected = ndv.locator('[data-test-id="node-credentials-select"] input');
	await expect(waitForValue(selected, credential.name)).resolves.toBe(credential.name);
	// The panel header shows our icon too.
	await ourIconIn(ndv, ctx.packageName).waitFor();
}

describe(`the editor of ${ctx.target.label} (headless Chromium)`, () => {
	// Each example, then the parameter panels of the nodes it is the first to use, in the page
	// already open: reloading the editor per panel would double the run time.
	const panelShown = new Set<string>();
	for (const example of examples) {
		it(`shows ${example.file} with our nodes and icons`, async () => {
			await openWorkflow(example.workflow);
			await expectOurNodesDrawn(example.workflow);
			await screenshot(example.screenshot);
		});

		for (const [nodeName, panel] of Object.entries(NODE_PANELS)) {
			const type = ctx.nodeType(nodeName);
			const node = example.workflow.nodes.find((candidate) => candidate.type === type);
			if (!node || panelShown.has(nodeName)) continue;
			panelShown.add(nodeName);
			it(`opens the ${nodeName} parameter panel (${node.name} in ${example.file})`, async () => {
				await openWorkflow(example.workflow, { reuse: true });
				await expectParameterPanel(node, panel.labels);
				await screenshot(panel.screenshot);
				await closeParameterPanel(page);
			});
		}
	}

	it('has an example for each node with a parameter panel to show', () => {
		expect([...panelShown].sort()).toEqual(Object.keys(NODE_PANELS).sort());
	});

	it.each([
		[
			'videoDubSyncLabsApi',
			'credential-sync-labs.png',
			['API Key', 'Webhook Signing Secret', 'Base URL'],
		],
		['videoDubElevenLabsApi', 'credential-elevenlabs.png', ['API Key', 'Region', 'Base URL']],
	] as const)('opens the %s credential; its connection test passes', async (type, name, labels) => {
		const credential = ctx.credentials[type];
		await page.goto(`${ctx.n8n.baseUrl}/home/credentials/${credential.id}`);
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor();
		await expect(modal.locator('[data-test-id="credential-name"]').innerText()).resolves.toContain(
			credential.name,
		);
		// n8n tests the stored credential when the dialog opens: against the emulator, it passes.
		await modal.locator('[data-test-id="credentials-config-container-test-success"]').waitFor();
		// Required fields read "API Key *".
		for (const label of labels) await modal.getByText(label).first().waitFor();
		await expect(modal.locator(`img[src*="${iconPath}"]`).count()).resolves.toBeGreaterThan(0);
		await screenshot(name);
	});

	it('loaded every icon of ours without an error', () => {
		expect(iconProblems).toEqual([]);
	});
});
