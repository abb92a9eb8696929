// Imports the example workflows of examples/ into the demo's n8n, points their Settings node at
// local files, the demo output folder and the demo inbox, and runs them as the editor would.
// Workflows that start with our Generation Trigger are published instead, and run when the
// example that names them as its callback (04a -> 04b) makes the emulator call them.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { exampleFiles, exampleSettings, loadExample, withSettings } from '../test/e2e/lib/examples';
import type { ExecutionDetails, N8nInstance, WorkflowJson } from '../test/e2e/lib/n8nInstance';
import { repoRoot } from '../test/e2e/lib/paths';
import { listMediaFiles, type MediaFile } from './demoMedia';
import type { Inbox, InboxMessage } from './demoInbox';

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const RUN_TIMEOUT_MS = 180_000;
const TRIGGERED_RUN_TIMEOUT_MS = 60_000;

export interface ExampleResult {
	/** File name in examples/, e.g. `01-dub-video-to-spanish.json`. */
	file: string;
	name: string;
	workflowId: string;
	/** `started by` explains how it ran: manually, or through its published trigger. */
	startedBy: 'manual' | 'trigger';
	ok: boolean;
	error?: string;
	executionId?: string;
	seconds: number;
	/** Where its Save node wrote (absent when the example saves nothing). */
	outputDir?: string;
	files: MediaFile[];
	/** What its HTTP Request node sent to the inbox. */
	notifications: InboxMessage[];
}

export interface ExampleEnvironment {
	n8n: N8nInstance;
	/** Folder n8n may read: input videos are copied here. */
	inputDir: string;
	/** Each example writes into `<outputDir>/<example file name without .json>/`. */
	outputDir: string;
	inbox: Inbox;
	log: (message: string) => void;
}

interface PlannedExample {
	file: string;
	slug: string;
	workflow: WorkflowJson;
	isTriggered: boolean;
	outputDir?: string;
	/** The trigger workflow this example's generations call back (its callbackUrl setting). */
	callsBack?: PlannedExample;
}

const fixture = (name: string) => path.join(repoRoot, 'test/fixtures', name);

function hasOurTrigger(workflow: WorkflowJson): boolean {
	return workflow.nodes.some((node) => /\.generationTrigger$/.test(node.type));
}

/** Local values for the Settings fields the examples have (see examples/README.md). */
function localSettings(
	env: ExampleEnvironment,
	slug: string,
	settings: Record<string, unknown>,
	callbackUrl: string | undefined,
): Record<string, string> {
	const values: Record<string, string> = {};
	if ('inputVideoPath' in settings) {
		values.inputVideoPath = path.join(env.inputDir, 'sample-video.mp4');
		copyFileSync(fixture('sample-video.mp4'), values.inputVideoPath);
	}
	if ('inputFolder' in settings) {
		values.inputFolder = path.join(env.inputDir, 'videos');
		mkdirSync(values.inputFolder, { recursive: true });
		for (const name of ['sample-video.mp4', 'sample-video-2.mp4']) {
			copyFileSync(fixture(name), path.join(values.inputFolder, name));
		}
	}
	if ('outputDirectory' in settings) {
		values.outputDirectory = path.join(env.outputDir, slug);
		mkdirSync(values.outputDirectory, { recursive: true });
	}
	if ('notifyUrl' in settings) values.notifyUrl = `${env.inbox.url}/notify/${slug}`;
	// The 4 s sample dubs for 0.2 USD a language at the emulator: this budget pays for two of
	// three languages, so the demo shows the cost guard refusing the third.
	if ('maxCostUsd' in settings) values.maxCostUsd = '0.5';
	if ('callbackUrl' in settings && callbackUrl) values.callbackUrl = callbackUrl;
	return values;
}

/**
 * The production URL of a trigger example on this n8n: the example's own default callback URL
 * (`https://<host>/webhook/<webhookId>/<path>`) with the demo's n8n as host.
 */
function localCallbackUrl(n8n: N8nInstance, exampleDefault: unknown): string | undefined {
	if (typeof exampleDefault !== 'string' || !exampleDefault.includes('/webhook/')) return undefined;
	return `${n8n.baseUrl}${new URL(exampleDefault).pathname}`;
}

function planExamples(env: ExampleEnvironment): PlannedExample[] {
	const loaded = exampleFiles().map((file) => ({ file, workflow: loadExample(file) }));
	const triggered = loaded.filter(
		({ workflow }) =>
			hasOurTrigger(workflow) && !workflow.nodes.some((node) => node.type === MANUAL_TRIGGER),
	);
	const plans: PlannedExample[] = [];
	for (const { file, workflow } of loaded) {
		const slug = file.replace(/\.json$/, '');
		const settings = exampleSettings(workflow);
		const callbackUrl = localCallbackUrl(env.n8n, settings.callbackUrl);
		const values = localSettings(env, slug, settings, callbackUrl);
		plans.push({
			file,
			slug,
			workflow: withSettings(workflow, values),
			isTriggered: triggered.some((candidate) => candidate.file === file),
			outputDir: values.outputDirectory,
		});
	}
	// Pair each "submit" example with the trigger workflow its callback URL names.
	for (const plan of plans) {
		const callbackUrl = exampleSettings(plan.workflow).callbackUrl;
		if (typeof callbackUrl !== 'string') continue;
		plan.callsBack = plans.find(
			(candidate) =>
				candidate.isTriggered &&
				candidate.workflow.nodes.some(
					(node) => typeof node.webhookId === 'string' && callbackUrl.includes(node.webhookId),
				),
		);
	}
	return plans;
}

function executionError(execution: ExecutionDetails): string {
	const error = execution.data.resultData.error as
		| { message: string; description?: string; node?: { name?: string } }
		| undefined;
	if (!error) return `execution ended with status "${execution.status}"`;
	const node = error.node?.name ?? execution.data.resultData.lastNodeExecuted;
	const description = error.description ? ` (${error.description})` : '';
	return `${node ? `${node}: ` : ''}${error.message}${description}`;
}

function resultOf(
	plan: PlannedExample,
	env: ExampleEnvironment,
	startedBy: ExampleResult['startedBy'],
	startedAt: number,
	outcome: { execution?: ExecutionDetails; error?: string },
): ExampleResult {
	const files = plan.outputDir ? listMediaFiles(plan.outputDir) : [];
	let error = outcome.error;
	if (!error && outcome.execution && outcome.execution.status !== 'success') {
		error = executionError(outcome.execution);
	}
	// A run that "succeeds" without a playable file is still a broken demo.
	if (!error && plan.outputDir && files.length === 0) error = 'no file was written';
	const unplayable = files.find((file) => file.kind === 'unknown' || file.size === 0);
	if (!error && unplayable) error = `${path.basename(unplayable.path)} is not a media file`;
	return {
		file: plan.file,
		name: plan.workflow.name,
		workflowId: plan.workflow.id,
		startedBy,
		ok: !error,
		error,
		executionId: outcome.execution?.id,
		seconds: Math.round((Date.now() - startedAt) / 100) / 10,
		outputDir: plan.outputDir,
		files,
		notifications: env.inbox.messages.filter((message) =>
			message.path.startsWith(`/notify/${plan.slug}`),
		),
	};
}

async function runManually(plan: PlannedExample, env: ExampleEnvironment): Promise<ExampleResult> {
	const startedAt = Date.now();
	try {
		const executionId = await env.n8n.runWorkflowViaRest(plan.workflow.id);
		const execution = await env.n8n.waitForExecutionToSettle(executionId, {
			timeoutMs: RUN_TIMEOUT_MS,
		});
		return resultOf(plan, env, 'manual', startedAt, { execution });
	} catch (error) {
		return resultOf(plan, env, 'manual', startedAt, { error: (error as Error).message });
	}
}

async function awaitTriggeredRun(
	plan: PlannedExample,
	env: ExampleEnvironment,
	startedAt: number,
): Promise<ExampleResult> {
	try {
		const execution = await env.n8n.waitForExecution(
			(candidate) =>
				candidate.workflowId === plan.workflow.id &&
				!['new', 'running', 'waiting'].includes(candidate.status),
			TRIGGERED_RUN_TIMEOUT_MS,
			plan.workflow.id,
		);
		return resultOf(plan, env, 'trigger', startedAt, { execution });
	} catch (error) {
		return resultOf(plan, env, 'trigger', startedAt, {
			error: `its trigger did not run: ${(error as Error).message.split('\n')[0]}`,
		});
	}
}

/**
 * Saves every example in n8n (fixed ids: the editor URLs are stable), publishes the trigger
 * workflows, runs the others one after the other and returns one result per example file, in
 * file order. `onResult` is called as each result is known.
 */
export async function runExamples(
	env: ExampleEnvironment,
	onResult: (result: ExampleResult) => void = () => undefined,
): Promise<ExampleResult[]> {
	const plans = planExamples(env);
	for (const plan of plans) await env.n8n.createWorkflow(plan.workflow);
	for (const plan of plans.filter((candidate) => candidate.isTriggered)) {
		await env.n8n.activateWorkflow(plan.workflow.id);
	}

	const results = new Map<string, ExampleResult>();
	const record = (result: ExampleResult) => {
		results.set(result.file, result);
		onResult(result);
	};
	for (const plan of plans.filter((candidate) => !candidate.isTriggered)) {
		env.log(`Running ${plan.file}`);
		const startedAt = Date.now();
		const result = await runManually(plan, env);
		record(result);
		if (plan.callsBack && !results.has(plan.callsBack.file)) {
			record(
				result.ok
					? await awaitTriggeredRun(plan.callsBack, env, startedAt)
					: resultOf(plan.callsBack, env, 'trigger', startedAt, {
							error: `not triggered: ${plan.file} failed`,
						}),
			);
		}
	}
	for (const plan of plans.filter((candidate) => !results.has(candidate.file))) {
		record(
			resultOf(plan, env, 'trigger', Date.now(), {
				error: 'no example calls this trigger workflow (no callbackUrl names its webhook)',
			}),
		);
	}
	return plans.map((plan) => results.get(plan.file)!);
}
