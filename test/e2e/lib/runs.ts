import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { E2eContext } from './context';
import type { EmulatorInfo } from './emulatorProcess';
import type { ExecutionDetails, N8nBinary, N8nRunExecutionData, WorkflowJson } from './n8nInstance';
import { repoRoot } from './paths';

/** One output item of a node run, as n8n stored it. */
export interface OutputItem {
	json: Record<string, unknown>;
	binary?: Record<string, N8nBinary>;
}

/** Output items (json and binary metadata) of a node's last run, first output by default. */
export function nodeItems(
	data: N8nRunExecutionData,
	nodeName: string,
	outputIndex = 0,
): OutputItem[] {
	const runs = data.resultData.runData[nodeName];
	if (!runs?.length) {
		throw new Error(
			`node "${nodeName}" did not run (ran: ${Object.keys(data.resultData.runData).join(', ')})`,
		);
	}
	return (runs[runs.length - 1].data?.main?.[outputIndex] ?? []) as OutputItem[];
}

/** The error a failed execution reports, readable in an assertion message. */
export function executionError(execution: ExecutionDetails): string {
	const error = execution.data.resultData.error;
	if (!error) return '';
	const description = (error as { description?: string }).description;
	return `${error.message}${description ? ` (${description})` : ''}`;
}

/** Throws with n8n's own error message unless the execution succeeded. */
export function expectSuccess(execution: ExecutionDetails): void {
	if (execution.status !== 'success') {
		throw new Error(
			`execution ${execution.id} ended ${execution.status}: ${executionError(execution) || 'no error recorded'}`,
		);
	}
}

/**
 * Saves the workflow (REST) and runs it inside the server as the editor would, waiting until the
 * execution has finished (also through a wait and resume). Much faster than `n8n execute`.
 */
export async function runInServer(
	ctx: E2eContext,
	workflow: WorkflowJson,
	options: { timeoutMs?: number } = {},
): Promise<ExecutionDetails> {
	await ctx.n8n.createWorkflow(workflow);
	const executionId = await ctx.n8n.runWorkflowViaRest(workflow.id);
	return await ctx.n8n.waitForExecutionToSettle(executionId, {
		timeoutMs: options.timeoutMs ?? 60_000,
	});
}

/** Size in bytes of a stored binary (n8n 2.x records `bytes`; older data only a pretty string). */
export function binaryBytes(binary: N8nBinary): number {
	if (typeof binary.bytes === 'number') return binary.bytes;
	throw new Error(`binary ${binary.fileName ?? ''} has no byte count: ${JSON.stringify(binary)}`);
}

export const fixturePath = (name: string) => path.join(repoRoot, 'test/fixtures', name);
export const fixtureSize = (name: string) => statSync(fixturePath(name)).size;

/**
 * Puts a fixture into the emulator's storage the way the Sync assets flow does (presigned upload)
 * and returns its download URL: a real, fetchable media URL for nodes that download their input.
 */
export async function uploadFixtureToEmulator(
	emulator: EmulatorInfo,
	fixture: string,
	contentType = 'video/mp4',
): Promise<string> {
	const content = readFileSync(fixturePath(fixture));
	const created = await fetch(`${emulator.syncBaseUrl}/v2/assets/upload`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-key': emulator.syncApiKey },
		body: JSON.stringify({ fileName: path.basename(fixture), contentType, size: content.length }),
	});
	if (created.status !== 201)
		throw new Error(`upload URL: ${created.status} ${await created.text()}`);
	const { uploadUrl, url } = (await created.json()) as { uploadUrl: string; url: string };
	const put = await fetch(uploadUrl, {
		method: 'PUT',
		headers: { 'content-type': contentType, 'content-length': String(content.length) },
		body: content,
	});
	if (!put.ok) throw new Error(`upload: ${put.status} ${await put.text()}`);
	return url;
}

/** Short emulator timings so that generations finish in well under a second. */
/**
 * The bytes the emulator serves at a generation's output URL: each output is the job's own
 * labelled video, so tests compare with these rather than with a fixture.
 */
export async function emulatorOutput(outputUrl: unknown): Promise<Buffer> {
	const response = await fetch(String(outputUrl));
	if (!response.ok) throw new Error(`GET ${String(outputUrl)}: HTTP ${response.status}`);
	return Buffer.from(await response.arrayBuffer());
}

/** The size of the emulator's output at `outputUrl`, in bytes. */
export async function outputSize(outputUrl: unknown): Promise<number> {
	return (await emulatorOutput(outputUrl)).length;
}

export async function useFastEmulator(ctx: E2eContext): Promise<void> {
	await ctx.emulatorAdmin.configureSync({
		timing: { pendingMs: 50, processingMs: 150, batchPendingMs: 50 },
	});
}

/**
 * The bytes of a binary an execution produced, read where n8n stored them: its filesystem binary
 * data folder (`<user folder>/.n8n/storage`, or `binaryData` on older installs), or inline base64.
 */
export function readBinary(ctx: E2eContext, binary: N8nBinary): Buffer {
	if (!binary.id) return Buffer.from(String(binary.data ?? ''), 'base64');
	const fileId = binary.id.slice(binary.id.indexOf(':') + 1);
	const n8nFolder = path.join(ctx.n8n.state.userFolder, '.n8n');
	for (const folder of ['storage', 'binaryData']) {
		const file = path.join(n8nFolder, folder, fileId);
		if (existsSync(file)) return readFileSync(file);
	}
	throw new Error(`binary ${binary.id} is not in ${n8nFolder}/storage`);
}

/** Creates a credential through REST (as the editor does) and returns its reference. */
export async function createCredential(
	ctx: E2eContext,
	credential: { name: string; type: string; data: Record<string, unknown> },
): Promise<{ id: string; name: string }> {
	const created = await (
		await ctx.n8n.rest()
	).request<{ id: string; name: string }>('POST', '/rest/credentials', credential);
	return { id: created.id, name: created.name };
}
