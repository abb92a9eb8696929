import type { z } from 'zod';

import type { ApiContext, ApiRequestOptions } from '../../shared/transport';
import { apiRequest, parseResponse } from '../../shared/transport';
import { SYNC_LABS } from '../errors';

/**
 * A Sync Labs API call whose answer is checked against `schema`: a malformed answer is a
 * NodeApiError naming the endpoint (`endpoint`, else the method and path).
 */
export async function syncRequest<Schema extends z.ZodTypeAny>(
	context: ApiContext,
	options: ApiRequestOptions & { schema: Schema; endpoint?: string },
): Promise<z.output<Schema>> {
	const { schema, endpoint, ...request } = options;
	const { body } = await apiRequest.call(context, SYNC_LABS, request);
	return parseResponse(
		context.getNode(),
		{ vendor: SYNC_LABS, endpoint: endpoint ?? `${request.method} ${request.path}`, schema, body },
		request.itemIndex,
	);
}
