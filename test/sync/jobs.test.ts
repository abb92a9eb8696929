/**
 * The shared create pipeline (nodes/sync/generation/run.ts) through Sync Dub: node-level settings are
 * checked at run time (expressions can bypass the editor's limits) and the user's Webhook URL is
 * handled the same way for every Sync node.
 */
import { NodeOperationError } from 'n8n-workflow';

import { items, storedGeneration, useSyncDub } from '../nodes/SyncDub/setup';

const env = useSyncDub();
const requestCount = () =>
	Object.values(env.emulator.admin.counters().requests).reduce((sum, count) => sum + count, 0);

describe('generation job pipeline', () => {
	it.each([
		[{ timeout: 'soon' }, '"Timeout (Seconds)" must be a number from 1 to 604800, got "soon"'],
		[{ timeout: 0 }, '"Timeout (Seconds)" must be a number from 1 to 604800, got 0'],
		[{ pollInterval: -1 }, '"Poll Interval (Seconds)" must be a number from 0.01 to 3600, got -1'],
		[
			{ options: { maxConcurrentJobs: 500 } },
			'"Max Concurrent Jobs" must be a number from 1 to 50, got 500',
		],
	])('refuses %j before any request', async (parameters, message) => {
		const before = requestCount();
		const { error } = await env.run({ targetLanguage: 'es', ...parameters });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error!.message).toBe(message);
		expect(requestCount()).toBe(before);
	});

	it('refuses a Webhook URL that is not http(s), naming the item, before any request', async () => {
		const before = requestCount();
		const { error } = await env.run(
			{
				targetLanguage: 'es',
				completion: 'none',
				options: { webhookUrl: 'ftp://example.com/hook' },
			},
			{ items: items({}, {}) },
		);
		expect(error!.message).toBe(
			'"Webhook URL" must be an http(s) URL, got "ftp://example.com/hook" (item 0)',
		);
		expect(requestCount()).toBe(before);
	});

	it('sends the Webhook URL with the generation when the node does not wait for its own callback', async () => {
		const { output, error } = await env.run({
			targetLanguage: 'es',
			completion: 'none',
			options: { webhookUrl: 'http://127.0.0.1:9/trigger' },
		});
		expect(error).toBeUndefined();
		expect(storedGeneration(env.emulator, output![0][0]).webhookUrl).toBe(
			'http://127.0.0.1:9/trigger',
		);
	});
});
