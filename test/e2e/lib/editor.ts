import type { Locator, Page } from 'playwright-core';

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
