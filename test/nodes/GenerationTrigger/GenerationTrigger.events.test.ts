/** The Generation Trigger's webhook: one execution per event (redelivery, bursts) and the filters. */
import type { IDataObject } from 'n8n-workflow';

import { GenerationTrigger } from '../../../nodes/GenerationTrigger/GenerationTrigger.node';
import { type WebhookDelivery } from '../../emulator';
import { sendHttp } from '../../harness';
import {
	batchDelivery,
	credentials,
	emulator,
	expectNoExecution,
	generationDelivery,
	harness,
	replay,
	signedHeaders,
	startedItem,
	useTriggerEnvironment,
} from './triggerSetup';

useTriggerEnvironment();

describe('redelivery', () => {
	it('starts one execution per event, however often it is delivered', async () => {
		const delivery = await generationDelivery();
		expect(startedItem(await replay(delivery)).json.id).toBe(delivery.resourceId);

		const again = await replay(delivery);
		expectNoExecution(again, 200);
		expect(again.responseJson).toEqual({
			received: true,
			ignored: 'this event was delivered before',
		});

		// Re-signed later, as a retry would be: still the same event.
		const retried = await replay(delivery, { headers: signedHeaders(delivery.body) });
		expectNoExecution(retried, 200);

		const remembered = Object.values(harness.staticData)[0] as IDataObject;
		expect(Object.keys(remembered.deliveredEvents as IDataObject)).toEqual([
			`generation:${delivery.resourceId}:COMPLETED`,
		]);
	});

	it('remembers at most the last 1000 events of the last 7 days', async () => {
		const now = Date.now();
		const seeded: IDataObject = { 'generation:too-old:COMPLETED': now - 8 * 24 * 3600_000 };
		for (let index = 0; index < 1000; index += 1) {
			seeded[`generation:old-${index}:COMPLETED`] = now - 1000;
		}
		// n8n keys a node's static data by its name: a new trigger is named after its display name.
		const key = 'node:Sync Labs Generation Trigger';
		harness.staticData = { [key]: { deliveredEvents: seeded } };

		const delivery = await generationDelivery();
		startedItem(await replay(delivery));
		const keys = Object.keys(
			(harness.staticData[key] as IDataObject).deliveredEvents as IDataObject,
		);
		expect(keys).toHaveLength(1000);
		expect(keys).not.toContain('generation:too-old:COMPLETED');
		expect(keys).not.toContain('generation:old-0:COMPLETED');
		expect(keys[999]).toBe(`generation:${delivery.resourceId}:COMPLETED`);
	});

	it('handles concurrent duplicates once', async () => {
		const delivery = await generationDelivery();
		const endpoint = harness.listenWebhook({
			node: new GenerationTrigger(),
			credentials: credentials(),
			mode: 'webhook',
			parameters: { downloadOutput: true },
		});
		try {
			const headers = {
				'Content-Type': 'application/json',
				'Sync-Signature': delivery.headers['Sync-Signature'],
			};
			const replies = await Promise.all(
				[1, 2, 3].map(async () => await sendHttp(endpoint.url, { headers, body: delivery.body })),
			);
			expect(replies.map((reply) => reply.statusCode)).toEqual([200, 200, 200]);
			const calls = await Promise.all([1, 2, 3].map(async () => await endpoint.nextCall(5000)));
			expect(calls.filter((call) => call.workflowData).length).toBe(1);
		} finally {
			endpoint.close();
		}
	});
});

describe('one event, one execution', () => {
	it('20 deliveries at once start 20 executions; the same 20 replayed start none, whatever the static data kept', async () => {
		const deliveries: WebhookDelivery[] = [];
		for (let index = 0; index < 20; index += 1) deliveries.push(await generationDelivery());
		// One activated trigger node, as in n8n: every call reaches the same node.
		const endpoint = harness.listenWebhook({
			node: new GenerationTrigger(),
			credentials: credentials(),
			mode: 'webhook',
		});
		const deliverAll = async () => {
			const replies = await Promise.all(
				deliveries.map(
					async (delivery) =>
						await sendHttp(endpoint.url, {
							headers: {
								'Content-Type': 'application/json',
								'Sync-Signature': delivery.headers['Sync-Signature'],
							},
							body: delivery.body,
						}),
				),
			);
			expect(replies.every((reply) => reply.statusCode === 200)).toBe(true);
			const calls = await Promise.all(deliveries.map(async () => await endpoint.nextCall(5000)));
			return calls
				.filter((call) => call.workflowData)
				.map((call) => call.workflowData![0][0].json.id);
		};
		try {
			expect((await deliverAll()).sort()).toEqual(
				deliveries.map((delivery) => delivery.resourceId).sort(),
			);
			// n8n saves the static data of each call whole, so concurrent calls overwrite each other.
			const remembered = Object.values(harness.staticData)[0] as IDataObject;
			expect(Object.keys(remembered.deliveredEvents as IDataObject).length).toBeLessThanOrEqual(20);
			harness.staticData = {};
			expect(await deliverAll()).toEqual([]);
		} finally {
			endpoint.close();
		}
	});
});

describe('filters', () => {
	it('starts only for the selected events', async () => {
		const failed = await generationDelivery('FAILED');
		const completed = await generationDelivery();
		const parameters = { events: ['generationCompleted'] };

		const ignored = await replay(failed, { parameters });
		expectNoExecution(ignored, 200);
		expect(ignored.responseJson).toEqual({
			received: true,
			ignored: 'event generationFailed is not selected',
		});
		expect(startedItem(await replay(completed, { parameters })).json.id).toBe(completed.resourceId);

		const batch = await batchDelivery();
		expectNoExecution(await replay(batch), 200);
	});

	it('treats REJECTED as a failed generation', async () => {
		emulator.admin.configureSync({ webhookOnRejected: true });
		try {
			const rejected = await generationDelivery('REJECTED');
			expect(rejected.status).toBe('REJECTED');
			const onlyCompleted = { parameters: { events: ['generationCompleted'] } };
			expectNoExecution(await replay(rejected, onlyCompleted), 200);
			const onlyFailed = { parameters: { events: ['generationFailed'] } };
			const item = startedItem(await replay(rejected, onlyFailed));
			expect(item.json.status).toBe('REJECTED');
		} finally {
			emulator.admin.configureSync({ webhookOnRejected: false });
		}
	});

	it('starts only for the selected models', async () => {
		const delivery = await generationDelivery(undefined, { model: 'lipsync-2-pro' });
		const other = await replay(delivery, { parameters: { models: ['lipsync-2', 'sync-3'] } });
		expectNoExecution(other, 200);
		expect(other.responseJson).toEqual({
			received: true,
			ignored: 'model lipsync-2-pro is not selected',
		});
		const chosen = await replay(delivery, { parameters: { models: ['lipsync-2-pro'] } });
		expect(startedItem(chosen).json.model).toBe('lipsync-2-pro');
	});

	it('checks the model after re-fetching when the delivery does not state it', async () => {
		const delivery = await generationDelivery(undefined, { model: 'sync-3' });
		const notification = JSON.parse(delivery.body) as IDataObject;
		delete notification.model;
		const body = JSON.stringify(notification);
		const send = async (models: string[]) =>
			await replay(undefined, { parameters: { models }, headers: signedHeaders(body), body });

		const other = await send(['lipsync-2']);
		expect(other.statusCode).toBe(200);
		expect(other.workflowData).toBeUndefined();
		expect(startedItem(await send(['sync-3'])).json.model).toBe('sync-3');
	});
});
