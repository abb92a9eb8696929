// Imports the example workflows of examples/ into the demo's n8n, points their Settings node at
// the local bucket (whose incoming/ folder holds the sample videos), the inbox, local files and
// the demo output folder, and runs them as the editor would. Workflows that start with our
// Generation Trigger are published instead, and run when the example that names them as its
// callback (04a -> 04b) makes the emulator call them.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Bucket } from '../test/e2e/lib/bucket';
import { exampleFiles, exampleSettings, loadExample, withSettings } from '../test/e2e/lib/examples';
import type { Inbox } from '../test/e2e/lib/inbox';
import type { ExecutionDetails, N8nInstance, WorkflowJson } from '../test/e2e/lib/n8nInstance';
import { repoRoot } from '../test/e2e/lib/paths';
import { collectOutcome, type ExampleOutcome, type PlannedOutputs } from './demoOutcome';

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const RUN_TIMEOUT_MS = 180_000;
const TRIGGERED_RUN_TIMEOUT_MS = 60_000;

/** Where the demo puts the sample videos in the bucket (the examples' default input folder). */
export const INCOMING_FOLDER = 'incoming';
export const SAMPLE_VIDEOS = ['sample-video.mp4', 'sample-video-2.mp4'];

export interface ExampleResult extends ExampleOutcome {
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
}

export interface ExampleEnvironment {
	n8n: N8nInstance;
	/** Folder n8n may read: input videos are copied here. */
	inputDir: string;
	/** Each disk example writes into `<outputDir>/<example file name without .json>/`. */
	outputDir: string;
	bucket: Bucket;
	inbox: Inbox;
	log: (message: string) => void;
}

interface PlannedExample {
	file: string;
	slug: string;
	workflow: WorkflowJson;
	isTriggered: boolean;
	outputs: PlannedOutputs;
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
		values.inputVideoPath = path.join(env.inputDir, SAMPLE_VIDEOS[0]);
		copyFileSync(fixture(SAMPLE_VIDEOS[0]), values.inputVideoPath);
	}
	if ('outputDirectory' in settings) {
		values.outputDirectory = path.join(env.outputDir, slug);
		mkdirSync(values.outputDirectory, { recursive: true });
	}
	if ('bucket' in settings) values.bucket = env.bucket.name;
	if ('sourceKey' in settings) values.sourceKey = `${INCOMING_FOLDER}/${SAMPLE_VIDEOS[0]}`;
	if ('inputFolder' in settings) values.inputFolder = INCOMING_FOLDER;
	// Plus-addressing tells the inbox's mails apart by example (e.g. video-team+06@example.com).
	if (typeof settings.mailTo === 'string') {
		values.mailTo = settings.mailTo.replace('@', `+${slug.split('-')[0]}@`);
	}
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
		const local = { ...settings, ...values };
		plans.push({
			file,
			slug,
			workflow: withSettings(workflow, values),
			isTriggered: triggered.some((candidate) => candidate.file === file),
			outputs: {
				outputDir: values.outputDirectory,
				bucketFolder: typeof local.outputFolder === 'string' ? local.outputFolder : undefined,
				mailTo: values.mailTo,
			},
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

async function resultOf(
	plan: PlannedExample,
	env: ExampleEnvironment,
	startedBy: ExampleResult['startedBy'],
	startedAt: number,
	outcome: { execution?: ExecutionDetails; error?: string },
): Promise<ExampleResult> {
	let error = outcome.error;
	if (!error && outcome.execution && outcome.execution.status !== 'success') {
		error = executionError(outcome.execution);
	}
	const collected = await collectOutcome(env, plan.outputs, startedAt);
	return {
		file: plan.file,
		name: plan.workflow.name,
		workflowId: plan.workflow.id,
		startedBy,
		...collected,
		ok: !error && !collected.problem,
		error: error ?? collected.problem,
		executionId: outcome.execution?.id,
		seconds: Math.round((Date.now() - startedAt) / 100) / 10,
	};
}

async function runManually(plan: PlannedExample, env: ExampleEnvironment): Promise<ExampleResult> {
	const startedAt = Date.now();
	try {
		const executionId = await env.n8n.runWorkflowViaRest(plan.workflow.id);
		const execution = await env.n8n.waitForExecutionToSettle(executionId, {
			timeoutMs: RUN_TIMEOUT_MS,
		});
		return await resultOf(plan, env, 'manual', startedAt, { execution });
	} catch (error) {
		return await resultOf(plan, env, 'manual', startedAt, { error: (error as Error).message });
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
		return await resultOf(plan, env, 'trigger', startedAt, { execution });
	} catch (error) {
		return await resultOf(plan, env, 'trigger', startedAt, {
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
					: await resultOf(plan.callsBack, env, 'trigger', startedAt, {
							error: `not triggered: ${plan.file} failed`,
						}),
			);
		}
	}
	for (const plan of plans.filter((candidate) => !results.has(candidate.file))) {
		record(
			await resultOf(plan, env, 'trigger', Date.now(), {
				error: 'no example calls this trigger workflow (no callbackUrl names its webhook)',
			}),
		);
	}
	return plans.map((plan) => results.get(plan.file)!);
}
