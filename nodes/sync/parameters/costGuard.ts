import type { INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../../shared/validation';

/**
 * The cost guard of the Sync create operations: limits on what one generation and one execution
 * may cost, checked against Sync's estimates before anything is submitted. Node-level options.
 */

export type WhenNoEstimate = 'refuse' | 'allow';

export interface CostGuard {
	maxPerGeneration?: number;
	maxPerExecution?: number;
	whenNoEstimate: WhenNoEstimate;
}

const MAX_USD = 1_000_000;

export const costGuardOptions: INodeProperties[] = [
	{
		displayName: 'Max Cost per Generation (USD)',
		name: 'maxCostPerGeneration',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			"Refuse any generation whose estimated cost is above this, before it is submitted. 0 means no limit. Sync's estimate can differ from the bill (see the node's docs).",
	},
	{
		displayName: 'Max Cost per Execution (USD)',
		name: 'maxCostPerExecution',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			'Refuse the generations that would take the estimated total of this node in this execution above this, in item order. 0 means no limit.',
	},
	{
		displayName: 'When No Estimate',
		name: 'whenNoEstimate',
		type: 'options',
		options: [
			{
				name: 'Refuse the Generation',
				value: 'refuse',
				description: 'A generation whose cost cannot be estimated is not submitted',
			},
			{
				name: 'Submit Anyway',
				value: 'allow',
				description: 'Submit it; it does not count towards the execution limit',
			},
		],
		default: 'refuse',
		description: 'What to do with a generation Sync cannot estimate while a cost limit is set',
	},
];

/** The guard of this execution, or undefined when no limit is set. */
export function readCostGuard(checks: ParameterChecks): CostGuard | undefined {
	const limit = (name: string, field: string) => {
		const value = checks.number(checks.read(`options.${name}`, 0) ?? 0, field, {
			min: 0,
			max: MAX_USD,
		});
		return value > 0 ? value : undefined;
	};
	const maxPerGeneration = limit('maxCostPerGeneration', 'Max Cost per Generation (USD)');
	const maxPerExecution = limit('maxCostPerExecution', 'Max Cost per Execution (USD)');
	if (maxPerGeneration === undefined && maxPerExecution === undefined) return undefined;
	const whenNoEstimate = checks.oneOf(
		checks.read('options.whenNoEstimate', 'refuse'),
		'When No Estimate',
		['refuse', 'allow'] as const,
	);
	return { maxPerGeneration, maxPerExecution, whenNoEstimate };
}
