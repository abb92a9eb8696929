import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { labelOf } from '../shared/subtitle';
import { withToolDescriptions } from '../shared/parameters/toolDescription';
import { properties } from './actions/description';
import { VIDEO_TO_MUSIC_TOOL_DESCRIPTIONS } from './actions/toolDescriptions';
import { router } from './actions/router';
import { OUTPUT_FORMATS } from '../elevenLabs/parameters/outputFormats';
import { MODEL_LABELS } from '../elevenLabs/parameters/models';

const FORMAT_LABELS = Object.fromEntries(
	OUTPUT_FORMATS.map((format) => [format.value, format.name]),
);

export class VideoToMusic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Video To Music',
		name: 'videoToMusic',
		icon: {
			light: 'file:../../icons/elevenlabs.svg',
			dark: 'file:../../icons/elevenlabs.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: `={{${labelOf('model', MODEL_LABELS)} + " · " + ${labelOf('outputFormat', FORMAT_LABELS)}}}`,
		description:
			'Compose a soundtrack that fits one or more videos with ElevenLabs Music (video to music)',
		defaults: { name: 'Video To Music' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'videoDubElevenLabsApi', required: true }],
		properties: withToolDescriptions(properties, VIDEO_TO_MUSIC_TOOL_DESCRIPTIONS),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
