import type { INodeProperties } from 'n8n-workflow';

import { outputBinaryProperties, readOutputBinary } from '../../shared/parameters/outputBinary';
import type { ParameterChecks } from '../../shared/validation';

/** How a create operation waits for its generations. */
export type CompletionMode = 'none' | 'poll' | 'webhook';

const COMPLETION_MODES: CompletionMode[] = ['none', 'poll', 'webhook'];

/** "Don't Wait" when every slot of the plan is busy: fail those jobs at once, or queue for a slot. */
export type WhenPlanFull = 'fail' | 'wait';

export interface CompletionSettings {
	mode: CompletionMode;
	/** Poll: give up after this long. Webhook: how long the execution waits for Sync's callbacks. */
	timeoutSeconds: number;
	/** Poll: the first interval; it grows to at most 30 s. */
	pollIntervalSeconds: number;
	download: boolean;
	binaryProperty: string;
	maxConcurrentJobs: number;
	/**
	 * A submit Sync refuses because the plan's concurrent generations are all busy: `wait` queues
	 * for a free slot (up to the timeout), `fail` fails the job at once ("Don't Wait" only).
	 */
	whenPlanFull: WhenPlanFull;
}

const waitingModes = { completion: ['poll', 'webhook'] };
const MAX_TIMEOUT_SECONDS = 7 * 86_400;
const MAX_CONCURRENT_JOBS = 50;
/**
 * 3: a dub into three languages polls its languages side by side instead of one after another, as
 * the Creator plan allows; on a plan that runs fewer at once (Free, Hobbyist: 1) the others wait
 * for a free slot at Sync (concurrency_limit_reached) while polling or waiting for the webhook.
 */
const DEFAULT_MAX_CONCURRENT_JOBS = 3;

export const completionProperties: INodeProperties[] = [
	{
		displayName: 'Completion',
		name: 'completion',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: "Don't Wait",
				value: 'none',
				description:
					'Return the PENDING generation at once; use the Generation Trigger or Get for the result',
			},
			{
				name: 'Poll Until Done',
				value: 'poll',
				description: 'Check the status until the generation finishes, then output the video',
			},
			{
				name: 'Wait for Webhook',
				value: 'webhook',
				description:
					'Pause the execution and resume when Sync calls back, without polling. n8n must be reachable over public HTTPS (WEBHOOK_URL, or N8N_WEBHOOK_URL in newer n8n).',
			},
		],
		default: 'poll',
		description: 'How to wait for the generation to finish',
	},
	{
		displayName: 'When the Plan Is Full',
		name: 'whenPlanFull',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Fail Those Items at Once',
				value: 'fail',
				description:
					'A job Sync refuses because every concurrent slot of the plan is busy becomes an error (an error item with Continue On Fail); the node still returns at once. For many videos use Lipsync Generation → Batch.',
			},
			{
				name: 'Wait for a Free Slot',
				value: 'wait',
				description:
					'Each further job waits until a running generation of the plan finishes, up to the timeout: the node no longer returns at once',
			},
		],
		default: 'fail',
		displayOptions: { show: { completion: ['none'] } },
		description:
			"What to do with jobs beyond the plan's concurrent generations (Hobbyist 1, Creator 3, Growth 6, Scale 15)",
	},
	{
		displayName:
			"The execution pauses until Sync has finished every item. If the time limit passes first, n8n continues with this node's input items unchanged, so check downstream that the items have a generation ID.",
		name: 'webhookNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { completion: ['webhook'] } },
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 10 },
		default: 1800,
		displayOptions: { show: waitingModes },
		description: 'How long to wait for the generation. Long videos can take many minutes.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 10 },
		default: 1800,
		displayOptions: { show: { completion: ['none'], whenPlanFull: ['wait'] } },
		description: 'How long each job may wait for a free slot of the plan before it fails',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		displayOptions: { show: { completion: ['poll'] } },
		description: 'The first pause between status checks; it grows up to 30 seconds',
	},
	...outputBinaryProperties({
		downloadByDefault: true,
		what: 'the finished video',
		displayOptions: { show: waitingModes },
	}),
];

/** Shown under "Options" of the create operations. */
export const maxConcurrentJobsOption: INodeProperties = {
	displayName: 'Max Concurrent Jobs',
	name: 'maxConcurrentJobs',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENT_JOBS },
	default: DEFAULT_MAX_CONCURRENT_JOBS,
	description:
		"How many jobs run at Sync at once; a job is one item in one language (Sync Dub), so 2 videos in 3 languages are 6 jobs. Your plan runs Hobbyist 1, Creator 3, Growth 6, Scale 15 generations at once; jobs beyond it wait for a free slot instead of failing (Don't Wait: see When the Plan Is Full).",
};

/** Shown under "Options" of the create operations; read by generation/earlierRun.ts. */
export const reuseRecentGenerationsOption: INodeProperties = {
	displayName: 'Reuse Identical Recent Generations',
	name: 'reuseRecentGenerations',
	type: 'boolean',
	default: false,
	description:
		"Whether to carry on with a generation of the same request (same media, model, options, language and output file name) from the last 24 hours instead of submitting and paying again, e.g. when running a workflow again after n8n or a queue worker died. n8n's Retry of an execution always does this.",
};

/**
 * The completion settings, node-level (one value for all items). Numbers are checked here too,
 * since an expression can bypass the editor's limits.
 */
export function readCompletionSettings(checks: ParameterChecks): CompletionSettings {
	const mode = checks.oneOf(checks.read('completion', 'poll'), 'Completion', COMPLETION_MODES);
	const whenPlanFull: WhenPlanFull =
		mode === 'none'
			? checks.oneOf(checks.read('whenPlanFull', 'fail'), 'When the Plan Is Full', [
					'fail',
					'wait',
				] as const)
			: 'wait';
	const waits = mode !== 'none';
	const output = waits
		? readOutputBinary(checks, true)
		: { download: false, binaryProperty: 'data' };
	return {
		mode,
		timeoutSeconds:
			waits || whenPlanFull === 'wait'
				? checks.number(checks.read('timeout', 1800), 'Timeout (Seconds)', {
						min: 1,
						max: MAX_TIMEOUT_SECONDS,
					})
				: 1800,
		pollIntervalSeconds:
			mode === 'poll'
				? checks.number(checks.read('pollInterval', 5), 'Poll Interval (Seconds)', {
						min: 0.01,
						max: 3600,
					})
				: 5,
		...output,
		maxConcurrentJobs: Math.floor(
			checks.number(
				checks.read('options.maxConcurrentJobs', DEFAULT_MAX_CONCURRENT_JOBS),
				'Max Concurrent Jobs',
				{
					min: 1,
					max: MAX_CONCURRENT_JOBS,
				},
			),
		),
		whenPlanFull,
	};
}
