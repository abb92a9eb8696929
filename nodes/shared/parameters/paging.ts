import type { INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../validation';

/** Most list endpoints return at most 100 items per page. */
const MAX_LIMIT = 100;

/** "Return All" and "Limit", as on n8n's own list operations. */
export const pagingProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** How many results to return: Infinity for "Return All". */
export function readPaging(checks: ParameterChecks): number {
	if (checks.read('returnAll', false) === true) return Infinity;
	return checks.number(checks.read('limit', 50), 'Limit', {
		min: 1,
		max: MAX_LIMIT,
		integer: true,
	});
}
