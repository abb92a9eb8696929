import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { outputBinaryProperties, readOutputBinary } from '../shared/parameters/outputBinary';
import type { ParameterChecks } from '../shared/validation';
import { modelOptions } from '../sync/parameters/model';
import type { SyncEvent } from './events';

/** Parameters of the Generation Trigger, next to the reader that turns them into settings. */

const EVENT_OPTIONS: Array<INodePropertyOptions & { value: SyncEvent }> = [
	{
		name: 'Batch Completed',
		value: 'batchCompleted',
		description: 'A batch finished (some of its generations may have failed; see its metrics)',
	},
	{ name: 'Batch Failed', value: 'batchFailed', description: 'A batch failed as a whole' },
	{
		name: 'Generation Completed',
		value: 'generationCompleted',
		description: 'A lip-sync or dubbing generation finished and its video is ready',
	},
	{
		name: 'Generation Failed',
		value: 'generationFailed',
		description: 'A generation failed, was rejected or was cancelled; the output has the error',
	},
];

const ALL_EVENTS = EVENT_OPTIONS.map((option) => option.value);

/** "Generation Completed" for `generationCompleted`: how the canvas subtitle names events. */
export const EVENT_LABELS = Object.fromEntries(
	EVENT_OPTIONS.map((option) => [option.value, option.name]),
);

const DEFAULT_TOLERANCE_SECONDS = 300;

export const generationTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Sync Labs has no webhook registration: copy this node\'s Production URL (under "Webhook URLs" above) into the "Webhook URL" option of a Lipsync Generation or Sync Dub node, then publish this workflow. The Test URL only listens for about 2 minutes after "Listen for test event", and most generations take longer, so their notification would arrive after it has closed. "Verify Signature" (on by default) needs the Webhook Signing Secret (whsec_…, Sync dashboard → API Keys → Webhooks) in the Sync Labs credential: without it the workflow cannot be published.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: ['generationCompleted', 'generationFailed'],
		required: true,
		description: 'Which notifications start the workflow; the others are acknowledged and ignored',
	},
	{
		displayName: 'Models',
		name: 'models',
		type: 'multiOptions',
		options: modelOptions,
		default: [],
		description:
			'Only start for generations made with one of these models; leave empty for any model. Batch events are not filtered by model.',
	},
	{
		displayName: 'Verify Signature',
		name: 'verifySignature',
		type: 'boolean',
		default: true,
		description:
			'Whether to refuse deliveries that are not signed with the Webhook Signing Secret of the Sync Labs credential (Sync-Signature header)',
	},
	{
		displayName:
			'Signature verification is off: anyone who knows this URL can start the workflow with made-up data. Keep "Re-Fetch From API" on, or add the signing secret to the credential and turn verification back on.',
		name: 'unverifiedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { verifySignature: [false] } },
	},
	{
		displayName: 'Signature Tolerance (Seconds)',
		name: 'toleranceSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_TOLERANCE_SECONDS,
		displayOptions: { show: { verifySignature: [true] } },
		description:
			'Refuse deliveries signed longer ago (or further ahead) than this, against replayed requests. 0 turns the time check off.',
	},
	{
		displayName: 'Re-Fetch From API',
		name: 'refetch',
		type: 'boolean',
		default: true,
		description:
			'Whether to read the generation (or batch) back from the Sync Labs API instead of trusting the delivered body; the API also fills in fields webhooks leave out',
	},
	...outputBinaryProperties({
		downloadByDefault: false,
		what: 'the finished video of a completed generation',
	}),
];

export interface TriggerSettings {
	events: SyncEvent[];
	models: string[];
	verifySignature: boolean;
	toleranceSeconds: number;
	refetch: boolean;
	download: boolean;
	binaryProperty: string;
}

const stringList = (value: unknown) =>
	Array.isArray(value) ? value.map(String).filter(Boolean) : [];

/**
 * The trigger's settings. A delivery is answered whatever its settings say, so values that make no
 * sense fall back to safe defaults instead of refusing Sync's call.
 */
export function readTriggerSettings(checks: ParameterChecks): TriggerSettings {
	const tolerance = Number(checks.read('toleranceSeconds', DEFAULT_TOLERANCE_SECONDS));
	const output = readOutputBinary(checks, false);
	return {
		events: stringList(checks.read('events', [])).filter((event): event is SyncEvent =>
			ALL_EVENTS.includes(event as SyncEvent),
		),
		models: stringList(checks.read('models', [])),
		// Only an explicit `false` turns verification off.
		verifySignature: checks.read('verifySignature', true) !== false,
		toleranceSeconds:
			Number.isFinite(tolerance) && tolerance >= 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS,
		refetch: checks.read('refetch', true) !== false,
		download: output.download,
		binaryProperty: output.binaryProperty,
	};
}
