import { z } from 'zod';

import type { ApiContext } from '../../shared/transport';
import { syncRequest } from './client';

const modelInfoSchema = z
	.object({
		name: z.string().min(1),
		type: z.string().nullish(),
		version: z.string().nullish(),
		description: z.string().nullish(),
	})
	.passthrough();

export type ModelInfo = z.infer<typeof modelInfoSchema>;

/** The models this account may use (deprecated ones excluded by Sync). */
export async function listModels(context: ApiContext): Promise<ModelInfo[]> {
	return await syncRequest(context, {
		method: 'GET',
		path: '/v2/models',
		schema: z.array(modelInfoSchema),
	});
}
