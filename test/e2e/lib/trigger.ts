// The Generation Trigger as the e2e tests use it: a one-node workflow on a fixed webhook path, and
// Sync's delivery signature so tests can post deliveries directly.
import { createHmac, randomUUID } from 'node:crypto';

import type { E2eContext } from './context';
import type { WorkflowJson } from './n8nInstance';
import { useFastEmulator } from './runs';

export interface TriggerWorkflow {
	workflow: WorkflowJson;
	/** The production URL n8n serves once the workflow is active. */
	url: string;
}

/**
 * For the tests of one file: creates and activates the trigger workflow (with the emulator in its
 * fast timing) before them, deactivates it after them.
 */
export function activeDuringTests(ctx: E2eContext, trigger: TriggerWorkflow): void {
	beforeAll(async () => {
		await useFastEmulator(ctx);
		await ctx.n8n.createWorkflow(trigger.workflow);
		await ctx.n8n.activateWorkflow(trigger.workflow.id!);
	});
	afterAll(async () => {
		await ctx.n8n.deactivateWorkflow(trigger.workflow.id!);
	});
}

export function triggerWorkflow(
	ctx: E2eContext,
	options: { id: string; name: string; parameters: Record<string, unknown> },
): TriggerWorkflow {
	const webhookId = randomUUID();
	return {
		url: ctx.n8n.webhookUrl(`${webhookId}/webhook`),
		workflow: {
			id: options.id,
			name: options.name,
			nodes: [
				{
					id: randomUUID(),
					name: 'Generation Trigger',
					type: ctx.nodeType('generationTrigger'),
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: options.parameters,
					credentials: ctx.credentialRef('videoDubSyncLabsApi'),
				},
			],
			connections: {},
			active: false,
			settings: { executionOrder: 'v1' },
		},
	};
}

/** `Sync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>` */
export function syncSignature(
	body: string,
	secret: string,
	timestamp = Math.floor(Date.now() / 1000),
): string {
	const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
	return `t=${timestamp},v1=${digest}`;
}

/** POSTs a delivery as Sync does: JSON body, signature header when given. */
export async function postDelivery(
	url: string,
	body: string,
	signature?: string,
): Promise<Response> {
	return await fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(signature ? { 'sync-signature': signature } : {}),
		},
		body,
	});
}
