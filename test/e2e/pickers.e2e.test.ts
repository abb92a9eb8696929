/**
 * @jest-environment ./test/e2e/environment.ts
 */
// The resource locators as a user meets them in the editor (headless Chromium): the Model of
// Lipsync Generation → Create and the Generation ID of → Get open a searchable list that n8n
// fills through the nodes' list search (which calls the Sync API, here the emulator). Picking an
// entry sets the parameter; saved and run, the workflow uses the picked values.
import { randomUUID } from 'node:crypto';

import type { Locator, Page } from 'playwright-core';

import { openEditorBrowser, type EditorBrowser } from './lib/browser';
import { getE2eContext } from './lib/context';
import { canvasNode, closeParameterPanel, openWorkflowIn, parameterPanel } from './lib/editor';
import { manualWorkflow } from './lib/graph';
import { expectSuccess, nodeItems, useFastEmulator } from './lib/runs';

const ctx = getE2eContext();
const credentials = ctx.credentialRef('videoDubSyncLabsApi');
const WORKFLOW_ID = `e2ePick${randomUUID().replace(/-/g, '').slice(0, 9)}`;
const emptyLocator = { __rl: true, mode: 'list', value: '' };

const workflow = manualWorkflow(WORKFLOW_ID, 'e2e resource locator pickers', [
	{
		name: 'Create',
		type: ctx.nodeType('lipsyncGeneration'),
		credentials,
		parameters: {
			model: { __rl: true, mode: 'list', value: 'lipsync-2' },
			videoUrl: 'https://media.example.com/face.mp4',
			audioUrl: 'https://media.example.com/voice.wav',
			completion: 'none',
		},
	},
	{
		name: 'Get',
		type: ctx.nodeType('lipsyncGeneration'),
		credentials,
		parameters: { resource: 'generation', operation: 'get', generationId: emptyLocator },
	},
]);

let browser: EditorBrowser;
let page: Page;
let seeded: string;

/** Creates a generation straight at the emulator, so that the Generation list has one to offer. */
async function seedGeneration(): Promise<string> {
	const response = await fetch(`${ctx.emulator.syncBaseUrl}/v2/generate`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-key': ctx.emulator.syncApiKey },
		body: JSON.stringify({
			model: 'sync-3',
			input: [
				{ type: 'video', url: 'https://media.example.com/picked.mp4' },
				{ type: 'audio', url: 'https://media.example.com/picked.wav' },
			],
		}),
	});
	if (!response.ok)
		throw new Error(`seeding a generation: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { id: string }).id;
}

/**
 * Opens a node's parameter panel and the list of one of its resource locators; returns the list's
 * entries (a popover outside the panel, whose container has no test id of its own in n8n 2.41).
 */
async function openList(nodeName: string, parameter: string): Promise<Locator> {
	await page.locator(canvasNode(nodeName)).dblclick();
	const panel = parameterPanel(page);
	await panel.waitFor();
	await panel
		.locator(`[data-test-id="resource-locator-${parameter}"] [data-test-id="rlc-input"]`)
		.click();
	await page.locator('[data-test-id="rlc-search"]:visible').waitFor();
	return page.locator('[data-test-id="rlc-item"]:visible');
}

/** What the locator's input shows once the list closed. */
async function shownValue(parameter: string): Promise<string> {
	return await parameterPanel(page)
		.locator(`[data-test-id="resource-locator-${parameter}"] [data-test-id="rlc-input"]`)
		.inputValue();
}

beforeAll(async () => {
	await useFastEmulator(ctx);
	seeded = await seedGeneration();
	await ctx.n8n.createWorkflow(workflow);
	browser = await openEditorBrowser(ctx);
	page = browser.page;
	await openWorkflowIn(page, ctx.n8n.baseUrl, workflow);
});

afterAll(async () => {
	await browser?.close();
});

describe(`pickers in the editor of ${ctx.target.label}`, () => {
	it('picks a model from the list the account offers', async () => {
		const items = await openList('Create', 'model');
		await items.filter({ hasText: 'lipsync-2-pro' }).first().waitFor();
		await expect(items.allInnerTexts()).resolves.toEqual(
			expect.arrayContaining(['sync-3', 'lipsync-2-pro', 'lipsync-2', 'react-1']),
		);
		await items
			.filter({ hasText: /^lipsync-2-pro$/ })
			.first()
			.click();
		await expect(shownValue('model')).resolves.toBe('lipsync-2-pro');
		await closeParameterPanel(page);
	});

	it('picks a generation from the list, newest first, named by model, status and time', async () => {
		const items = await openList('Get', 'generationId');
		const item = items.filter({ hasText: seeded.slice(0, 8) });
		await item.first().waitFor();
		await expect(item.first().innerText()).resolves.toMatch(
			/^sync-3 · [A-Z]+ · \d{4}-\d\d-\d\d \d\d:\d\d/,
		);
		await item.first().click();
		await expect(shownValue('generationId')).resolves.toContain(seeded.slice(0, 8));
		await closeParameterPanel(page);
	});

	it('saves the picked values, and the workflow runs with them', async () => {
		await page.keyboard.press('Control+s');
		const deadline = Date.now() + 15_000;
		let saved = await ctx.n8n.getWorkflow(WORKFLOW_ID);
		const valueOf = (name: string, parameter: string) =>
			(
				saved.nodes.find((node) => node.name === name)?.parameters as Record<
					string,
					{ value?: unknown }
				>
			)[parameter]?.value;
		while (
			(valueOf('Get', 'generationId') !== seeded ||
				valueOf('Create', 'model') !== 'lipsync-2-pro') &&
			Date.now() < deadline
		) {
			await page.waitForTimeout(250);
			saved = await ctx.n8n.getWorkflow(WORKFLOW_ID);
		}
		expect(valueOf('Create', 'model')).toBe('lipsync-2-pro');
		expect(valueOf('Get', 'generationId')).toBe(seeded);

		const executionId = await ctx.n8n.runWorkflowViaRest(WORKFLOW_ID);
		const execution = await ctx.n8n.waitForExecutionToSettle(executionId);
		expectSuccess(execution);
		expect(nodeItems(execution.data, 'Create')[0].json.model).toBe('lipsync-2-pro');
		expect(nodeItems(execution.data, 'Get')[0].json).toMatchObject({ id: seeded, model: 'sync-3' });
	});
});
