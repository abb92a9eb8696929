import type { ApiContext, ApiRequestOptions } from '../../shared/transport';
import { apiRequest } from '../../shared/transport';
import { SYNC_LABS } from '../errors';

/** A Sync Labs API call that answers with a body (JSON unless the options say otherwise). */
export async function syncRequest<T = unknown>(
	context: ApiContext,
	options: ApiRequestOptions,
): Promise<T> {
	return (await apiRequest.call(context, SYNC_LABS, options)).body as T;
}
