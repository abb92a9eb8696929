import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { ParameterChecks } from '../../shared/validation';
import { listModels } from '../api/models';

/**
 * The Sync models this package knows how to drive. A model outside this list is refused before
 * anything is sent: the node's other parameters (image input, react-1 options) depend on it.
 */
export const SYNC_MODELS = [
	'sync-3',
	'lipsync-2-pro',
	'lipsync-2',
	'lipsync-1.9.0-beta',
	'react-1',
] as const;

export type SyncModel = (typeof SYNC_MODELS)[number];

const MODEL_NOTES: Record<SyncModel, string> = {
	'sync-3': 'Newest and most natural; also animates a still image. Highest cost.',
	'lipsync-2-pro': 'Sharper mouths and teeth for close-ups and high resolution',
	'lipsync-2': 'Fast, good value, best for most talking-head videos',
	'lipsync-1.9.0-beta': 'Older model, kept for compatibility',
	'react-1': 'Also re-acts facial expression and head motion to the new voice',
};

/** The models as options (the trigger's model filter), sorted by name. */
export const modelOptions: INodePropertyOptions[] = [...SYNC_MODELS]
	.sort()
	.map((model) => ({ name: model, value: model, description: MODEL_NOTES[model] }));

/** "Model": picked from the account's models (GET /v2/models) or typed by name. */
export function modelProperty(
	defaultModel: SyncModel,
	options: { description?: string; displayOptions?: INodeProperties['displayOptions'] } = {},
): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: defaultModel },
		required: true,
		displayOptions: options.displayOptions,
		description: options.description ?? 'The Sync Labs model that re-animates the mouth',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: defaultModel,
			},
		],
	};
}

/** The item's model, one this package supports. */
export function readModel(checks: ParameterChecks, defaultModel: SyncModel): SyncModel {
	const model = String(checks.read('model', defaultModel) ?? '').trim();
	return checks.oneOf(model, 'Model', SYNC_MODELS);
}

/** List search for "Model": the account's models that this package supports, with what each is for. */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const available = new Set((await listModels(this)).map((model) => model.name));
	const results = SYNC_MODELS.filter((model) => available.has(model))
		.filter((model) => !filter || model.includes(filter.trim().toLowerCase()))
		.map((model) => ({ name: model, value: model, description: MODEL_NOTES[model] }));
	return { results };
}
