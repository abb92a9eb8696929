/**
 * @jest-environment ./test/e2e/environment.ts
 */
// Found where n8n users look: in a real headless Chromium, each node of ours is searched in the
// editor's node panel exactly as a user does. The Sync Labs Generation Trigger (which n8n shows
// as "Sync Labs Generation") in the trigger panel of a brand-new workflow ("What triggers this
// workflow?"), the action nodes in "What happens next?" behind the + of a trigger; "dub" lists
// Sync Dub before Lipsync Generation. Each is searched by its display name and by every alias of its
// codex (as n8n serves them in /types/nodes.json), clicked (then its first action, for nodes
// with several), and its parameter panel must open.
import type { Locator, Page } from 'playwright-core';

import { openEditorBrowser, Screenshots, type EditorBrowser } from './lib/browser';
import { getE2eContext } from './lib/context';
import { closeParameterPanel, ourIconIn, parameterPanel } from './lib/editor';
import { declaredTypes } from './lib/packageInstall';
import { linearManualWorkflow, MANUAL_TRIGGER_NAME } from './lib/workflows';

jest.setTimeout(120_000);

const ctx = getE2eContext();
// The README's picture of the node panel: this node, while this word is typed.
const README_SEARCH = { type: ctx.nodeType('syncDub'), term: 'dub', file: 'node-panel-search.png' };
// How long the panel may take to list a result after typing.
const RESULT_TIMEOUT_MS = 5_000;

interface NodeTypeInfo {
	name: string;
	displayName: string;
	group: string[];
	codex?: { alias?: string[] };
}

/**
 * The workflow behind whose trigger "What happens next?" is opened for one node (named like a new
 * one): one each, since n8n may save the node an earlier test added, which takes the trigger's +.
 */
const withTrigger = (nodeType: string) =>
	linearManualWorkflow(
		`e2eNodePanel${String(declaredNodes.indexOf(nodeType)).padStart(4, '0')}`,
		'My workflow',
		[],
	);
const screenshots = new Screenshots(ctx);
let browser: EditorBrowser | undefined;
let page: Page;

/** Our node types as the editor gets them (the declared nodes, not the AI-tool variants). */
async function ourNodeTypes(): Promise<NodeTypeInfo[]> {
	const declared = declaredTypes(ctx.n8n.state.packageDir).nodes.map(ctx.nodeType);
	const types = await (await ctx.n8n.rest()).request<NodeTypeInfo[]>('GET', '/types/nodes.json');
	return types.filter((type) => declared.includes(type.name));
}

// The node types are known only once n8n answers: one test per declared node, looked up then.
const declaredNodes = declaredTypes().nodes.map(ctx.nodeType);
const nodeTypes = new Map<string, NodeTypeInfo>();

beforeAll(async () => {
	for (const type of await ourNodeTypes()) nodeTypes.set(type.name, type);
	for (const type of declaredNodes) await ctx.n8n.createWorkflow(withTrigger(type));
	browser = await openEditorBrowser(ctx);
	page = browser.page;
});

afterAll(async () => {
	await browser?.close();
	screenshots.save();
});

const isTrigger = (type: NodeTypeInfo) => type.group.includes('trigger');

/** The node panel as a user opens it for this kind of node; returns its search input. */
async function openNodePanel(type: NodeTypeInfo): Promise<Locator> {
	if (isTrigger(type)) {
		await page.goto(`${ctx.n8n.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-add-button"]').click();
	} else {
		await page.goto(`${ctx.n8n.baseUrl}/workflow/${withTrigger(type.name).id}`, {
			waitUntil: 'domcontentloaded',
		});
		const trigger = page.locator(
			`[data-test-id="canvas-node-output-handle"][data-node-name=${JSON.stringify(MANUAL_TRIGGER_NAME)}]`,
		);
		await trigger.locator('[data-test-id="canvas-handle-plus"]').click();
	}
	const heading = isTrigger(type) ? 'What triggers this workflow?' : 'What happens next?';
	await page.locator('[data-test-id="nodes-list-header"]').getByText(heading).waitFor();
	return page.locator('input[data-test-id="node-creator-search-bar"]');
}

/** A result of the panel: one of `type`'s entries, found by node type, not by its label. */
const resultOf = (type: NodeTypeInfo, kind: 'node' | 'action') =>
	page
		.locator(`[data-test-id="item-iterator-item"][data-keyboard-nav-type="${kind}"]`)
		.and(page.locator(`[data-keyboard-nav-id^="${type.name}-"]`))
		.first();

/** Whether typing `term` into the search lists the node. */
async function listsNode(search: Locator, type: NodeTypeInfo, term: string): Promise<boolean> {
	await search.fill(term);
	try {
		await resultOf(type, 'node').waitFor({ timeout: RESULT_TIMEOUT_MS });
		return true;
	} catch {
		return false;
	}
}

/** Waits until the panel has listed every result (they appear over a few hundred ms). */
async function resultsSettled(): Promise<void> {
	const results = page.locator('[data-test-id="item-iterator-item"]');
	let count = -1;
	while (count !== (await results.count())) {
		count = await results.count();
		await page.waitForTimeout(500);
	}
}

/**
 * Clicks the listed node and what n8n shows next, as a user does: the node is added at once
 * (single action), or n8n lists its actions (click the first), or, for a community node without
 * actions, shows its details with an "Add to workflow" button. Returns the parameter panel.
 */
async function addListedNode(type: NodeTypeInfo): Promise<Locator> {
	await resultOf(type, 'node').click();
	const ndv = parameterPanel(page);
	const action = resultOf(type, 'action');
	const addButton = page
		.locator('[data-test-id="node-creator"]')
		.getByRole('button', { name: 'Add to workflow' });
	await ndv.or(action).or(addButton).first().waitFor();
	if (await action.isVisible()) await action.click();
	else if (await addButton.isVisible()) await addButton.click();
	await ndv.waitFor();
	return ndv;
}

/** Our nodes' places among the panel's results, by node type. */
async function listedOrder(): Promise<string[]> {
	await resultsSettled();
	const ids = await page
		.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="node"]')
		.evaluateAll((items) => items.map((item) => item.getAttribute('data-keyboard-nav-id') ?? ''));
	return declaredNodes
		.map((name) => ({ name, at: ids.findIndex((id) => id.startsWith(`${name}-`)) }))
		.filter(({ at }) => at >= 0)
		.sort((a, b) => a.at - b.at)
		.map(({ name }) => name);
}

describe(`the node panel of ${ctx.target.label} (headless Chromium)`, () => {
	it('lists Sync Dub before Lipsync Generation when "dub" is typed', async () => {
		const syncDub = nodeTypes.get(ctx.nodeType('syncDub'))!;
		const lipsync = nodeTypes.get(ctx.nodeType('lipsyncGeneration'))!;
		const search = await openNodePanel(syncDub);
		await search.fill('dub');
		await resultOf(lipsync, 'node').waitFor({ timeout: RESULT_TIMEOUT_MS });
		const order = await listedOrder();
		expect(order).toContain(syncDub.name);
		expect(order.indexOf(syncDub.name)).toBeLessThan(order.indexOf(lipsync.name));
	});

	it.each(declaredNodes)('finds %s by name and by every alias, and opens it', async (name) => {
		const type = nodeTypes.get(name);
		if (!type) throw new Error(`n8n does not list ${name} in /types/nodes.json`);
		const terms = [type.displayName, ...(type.codex?.alias ?? [])];
		expect(terms.length).toBeGreaterThan(1);

		const search = await openNodePanel(type);
		const missing: string[] = [];
		for (const term of terms) {
			if (!(await listsNode(search, type, term))) missing.push(term);
			if (type.name === README_SEARCH.type && term === README_SEARCH.term) {
				await resultsSettled();
				await screenshots.take(page, README_SEARCH.file);
			}
		}
		expect({ node: type.displayName, notFoundBy: missing }).toEqual({
			node: type.displayName,
			notFoundBy: [],
		});
		if (isTrigger(type)) {
			// n8n drops "Trigger" from the name it shows: the vendor must remain in what is left.
			await search.fill(type.displayName);
			const shown = await resultOf(type, 'node').innerText();
			expect(shown).toMatch(/^Sync Labs Generation$/m);
		}

		// The last word typed (an alias) still lists it: click it, as a user would.
		const ndv = await addListedNode(type);
		await ourIconIn(ndv, ctx.packageName).waitFor();
		await ndv.locator('[data-test-id="node-credentials-select"]').waitFor();
		await ndv.locator('[data-test-id="input-label"]').first().waitFor();
		await closeParameterPanel(page);
	});
});
