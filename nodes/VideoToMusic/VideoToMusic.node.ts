import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { videoToMusicProperties } from './description';
import { executeVideoToMusic } from './generate.operation';

export class VideoToMusic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Video To Music',
		name: 'videoToMusic',
		icon: { light: 'file:../../icons/elevenlabs.svg', dark: 'file:../../icons/elevenlabs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["model"] + " · " + $parameter["outputFormat"]}}',
		description:
			'Compose a soundtrack that fits one or more videos with ElevenLabs Music (video to music)',
		defaults: { name: 'Video To Music' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'videoDubElevenLabsApi', required: true }],
		properties: videoToMusicProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await executeVideoToMusic(this)];
	}
}
