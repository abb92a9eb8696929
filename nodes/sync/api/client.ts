import type { ApiContext, ApiRequestOptions } from '../../shared/transport';
import { apiRequest } from '../../shared/transport';

/** A Sync Labs API call that answers with a body (JSON unless the options say otherwise). */
export async function syncRequest<T = unknown>(
	context: ApiContext,
	options: ApiRequestOptions,
): Promise<T> {
	return (await apiRequest.call(context, 'syncLabs', options)).body as T;
}
