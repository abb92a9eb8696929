import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { modelProperty } from '../sync/descriptions';
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

export const ALL_EVENTS = EVENT_OPTIONS.map((option) => option.value);

export const DEFAULT_TOLERANCE_SECONDS = 300;

export const generationTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Sync Labs has no webhook registration: copy this node\'s Production URL (under "Webhook URLs" above) into the "Webhook URL" option of a Lipsync Generation or Sync Dub node, then publish this workflow. The Test URL only listens for about 2 minutes after "Listen for test event", and most generations take longer, so their notification would arrive after it has closed.',
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
		options: modelProperty('lipsync-2').options ?? [],
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
	{
		displayName: 'Download Output',
		name: 'downloadOutput',
		type: 'boolean',
		default: false,
		description:
			'Whether to download the finished video of a completed generation into a binary property (otherwise only its URL is output)',
	},
	{
		displayName: 'Put Output in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		displayOptions: { show: { downloadOutput: [true] } },
		description: 'The binary property the video is written to',
	},
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

type ReadParameter = (name: string, fallback: unknown) => unknown;

const stringList = (value: unknown) =>
	Array.isArray(value) ? value.map(String).filter(Boolean) : [];

export function readTriggerSettings(read: ReadParameter): TriggerSettings {
	const tolerance = Number(read('toleranceSeconds', DEFAULT_TOLERANCE_SECONDS));
	return {
		events: stringList(read('events', [])).filter((event): event is SyncEvent =>
			ALL_EVENTS.includes(event as SyncEvent),
		),
		models: stringList(read('models', [])),
		// Only an explicit `false` turns verification off.
		verifySignature: read('verifySignature', true) !== false,
		toleranceSeconds:
			Number.isFinite(tolerance) && tolerance >= 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS,
		refetch: read('refetch', true) !== false,
		download: read('downloadOutput', false) === true,
		binaryProperty: String(read('binaryPropertyOutput', 'data') || 'data'),
	};
}
