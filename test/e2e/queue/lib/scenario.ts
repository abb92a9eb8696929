import type { ExecutionDetails, ExecutionSummary, N8nBinary } from '../../lib/n8nInstance';
import { executionTrail, workerNames } from './executionTrail';
import type { QueueContext } from './queueContext';

/** POSTs JSON (or a multipart form) to a production webhook, i.e. to the webhook processor. */
export async function postToWebhook(
	ctx: QueueContext,
	path: string,
	body: Record<string, unknown> | FormData,
): Promise<Response> {
	if (body instanceof FormData) {
		return await fetch(ctx.cluster.webhookUrl(path), { method: 'POST', body });
	}
	return await fetch(ctx.cluster.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

/** Executions of a workflow (newest first) once `count` of them have reached `status`. */
export async function waitForExecutions(
	ctx: QueueContext,
	workflowId: string,
	count: number,
	status: ExecutionSummary['status'] = 'success',
	timeoutMs = 60_000,
): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await ctx.n8n.listExecutions(workflowId);
		if (executions.filter((execution) => execution.status === status).length >= count) {
			return executions;
		}
		if (Date.now() > deadline) {
			const seen = executions.map((execution) => `${execution.id}:${execution.status}`).join(', ');
			throw new Error(
				`${workflowId}: not ${count} ${status} executions after ${timeoutMs} ms (${seen})`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The one execution of a workflow, once it has reached `status` (default: success). */
export async function theExecutionOf(
	ctx: QueueContext,
	workflowId: string,
	options: { status?: ExecutionSummary['status']; timeoutMs?: number } = {},
): Promise<ExecutionDetails> {
	const executions = await waitForExecutions(
		ctx,
		workflowId,
		1,
		options.status ?? 'success',
		options.timeoutMs,
	);
	expect(executions).toHaveLength(1);
	return await ctx.n8n.getExecution(executions[0].id);
}

/**
 * The bytes of a binary an execution stored, through the main's REST API: in database mode they
 * are in PostgreSQL, whichever process stored them.
 */
export async function downloadBinary(ctx: QueueContext, binary: N8nBinary): Promise<Buffer> {
	if (!binary.id) throw new Error(`binary ${binary.fileName ?? ''} has no id`);
	const query = new URLSearchParams({ id: binary.id, action: 'download' });
	return await (await ctx.n8n.rest()).download(`/rest/binary-data?${query.toString()}`);
}

/**
 * Asserts where an execution went: the webhook processor queued it `runs` times (start, then
 * once per resume) and workers ran it exactly that often; never the main. Returns the workers in
 * the order the logs list them.
 */
export function expectRanOnWorkers(ctx: QueueContext, executionId: string, runs: number): string[] {
	const trail = executionTrail(ctx.cluster, executionId);
	expect(trail.enqueued).toEqual(Array.from({ length: runs }, () => 'webhook'));
	expect(trail.ranOn).toHaveLength(runs);
	for (const worker of trail.ranOn) expect(workerNames(ctx.cluster)).toContain(worker);
	return trail.ranOn;
}
