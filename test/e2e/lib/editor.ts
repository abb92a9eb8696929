import type { Locator, Page } from 'playwright-core';

import type { WorkflowJson } from './n8nInstance';

// Locators of the n8n editor the browser tests share. The data-test-ids are the editor's own
// (n8n's end-to-end tests use them) and the same in n8n 2.8 and 2.41.

/** The parameter panel of a node (n8n calls it the node details view, NDV). */
export const parameterPanel = (page: Page): Locator => page.locator('[data-test-id="ndv"]');

/** An icon of this package inside `scope` (n8n serves them under /icons/<package>/). */
export const ourIconIn = (scope: Locator, packageName: string): Locator =>
	scope.locator(`img[src*="/icons/${packageName}/"]`).first();

export async function closeParameterPanel(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await parameterPanel(page).waitFor({ state: 'hidden' });
}

/**
 * A node box on the canvas, sticky notes included (they lack the canvas-node test id); the node's
 * connection handles carry its name too, but not its type.
 */
export const canvasNode = (name: string) =>
	`[data-node-name=${JSON.stringify(name)}][data-node-type]`;

/**
 * Opens a workflow in the editor and waits until every node is drawn on the canvas. With `reuse`,
 * a page that shows the workflow already is kept as it is.
 */
export async function openWorkflowIn(
	page: Page,
	baseUrl: string,
	workflow: WorkflowJson,
	options: { reuse?: boolean } = {},
): Promise<void> {
	const route = `/workflow/${workflow.id}`;
	if (options.reuse && page.url().startsWith(`${baseUrl}${route}`)) return;
	// The canvas is awaited below; the "load" event would also wait for unrelated assets.
	await page.goto(`${baseUrl}${route}`, { waitUntil: 'domcontentloaded' });
	try {
		for (const node of workflow.nodes) await page.locator(canvasNode(node.name)).waitFor();
	} catch (error) {
		// The editor routes to its sign-in page when the session is not accepted.
		if (new URL(page.url()).pathname.startsWith('/signin')) {
			throw new Error(`the editor sent the browser to ${page.url()}: the login was not accepted`);
		}
		throw error;
	}
}
