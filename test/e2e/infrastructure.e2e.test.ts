/**
 * @jest-environment ./test/e2e/environment.ts
 */
// Self-test of the e2e helpers that node tests build on: production webhooks of activated
// workflows, executions that wait and resume through /webhook-waiting/, and activation by
// publish + restart. Uses only n8n's own nodes, so it holds whatever our nodes do.
import { randomUUID } from 'node:crypto';

import { getE2eContext } from './lib/context';
import { nodeOutputJson, type WorkflowJson } from './lib/n8nInstance';
import { linearManualWorkflow } from './lib/workflows';

const ctx = getE2eContext();

function webhookWorkflow(id: string, path: string): WorkflowJson {
	return {
		id,
		name: `e2e infra: webhook ${path}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
		],
		connections: {},
		active: false,
		settings: {},
	};
}

async function postJson(url: string, body: unknown): Promise<Response> {
	return await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

/**
 * POSTs until the webhook is registered (an unregistered one answers 404 and runs nothing): n8n
 * 2.41 registers the webhooks of published workflows in the background, a moment after start-up.
 */
async function postWhenRegistered(url: string, body: unknown, timeoutMs = 15_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await postJson(url, body);
		if (response.status !== 404 || Date.now() > deadline) return response;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

describe(`e2e infrastructure of ${ctx.target.label}`, () => {
	it('activates a workflow through REST and serves its production webhook', async () => {
		const workflow = webhookWorkflow('e2eInfraHook0001', 'e2e-infra-rest');
		await ctx.n8n.createWorkflow(workflow);
		await ctx.n8n.activateWorkflow(workflow.id);

		const response = await postJson(ctx.n8n.webhookUrl('e2e-infra-rest'), { hello: 'rest' });
		expect(response.status).toBe(200);

		const execution = await ctx.n8n.waitForExecution(
			(candidate) => candidate.workflowId === workflow.id && candidate.status === 'success',
		);
		expect(nodeOutputJson(execution.data, 'Webhook')[0]).toMatchObject({ body: { hello: 'rest' } });
		await ctx.n8n.deactivateWorkflow(workflow.id);
	});

	it('runs a workflow that waits and resumes through its /webhook-waiting/ URL', async () => {
		const workflow = linearManualWorkflow('e2eInfraWait0001', 'e2e infra: wait for webhook', [
			{
				name: 'Wait',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				webhookId: randomUUID(),
				parameters: { resume: 'webhook', httpMethod: 'POST', options: {} },
			},
		]);
		await ctx.n8n.createWorkflow(workflow);
		const executionId = await ctx.n8n.runWorkflowViaRest(workflow.id);
		const waiting = await ctx.n8n.waitForExecutionToSettle(executionId, { acceptWaiting: true });
		expect(waiting.status).toBe('waiting');

		const resumed = await postJson(ctx.n8n.resumeUrl(waiting), { done: true });
		expect(resumed.status).toBe(200);
		const finished = await ctx.n8n.waitForExecutionToSettle(executionId);
		expect(finished.status).toBe('success');
		expect(nodeOutputJson(finished.data, 'Wait')[0]).toMatchObject({ body: { done: true } });
	});

	// n8n 2.8 activates it only then; n8n 2.41 may do so earlier, when it reconciles publications
	// (every 10 s): either way it is live after the restart.
	it('activates a published workflow at the next start', async () => {
		const workflow = webhookWorkflow('e2eInfraPub00001', 'e2e-infra-published');
		await ctx.n8n.importWorkflow(workflow);
		await ctx.n8n.publishWorkflow(workflow.id);

		await ctx.n8n.restart();
		const response = await postWhenRegistered(ctx.n8n.webhookUrl('e2e-infra-published'), {
			after: 'restart',
		});
		expect(response.status).toBe(200);
		await ctx.n8n.deactivateWorkflow(workflow.id);
	});
});
