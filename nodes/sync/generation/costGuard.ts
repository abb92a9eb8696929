import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ItemOutcome, ItemTask } from '../../shared/items';
import { asNodeError, failedOutcome } from '../../shared/items';
import type { Violation } from '../../shared/validation';
import { invalidParameter } from '../../shared/validation';
import type { CostEstimate } from '../api/generations';
import { estimateCostForDuration, estimateCostForRequest } from '../api/generations';
import type { CostGuard } from '../parameters/costGuard';

/** What a generation would cost, as the output shows it. */
export interface CostEstimateJson extends IDataObject {
	estimatedGenerationCost: number;
	estimatedFrameCount: number | null;
	currency: 'USD';
	/** `inputs`: Sync measured the request's media; `duration`: the model and a known length. */
	basis: 'inputs' | 'duration';
}

/** A generation as far as estimating its cost goes. */
export interface Estimable {
	model: string;
	/** The request body (inputs resolved): the estimate in which Sync measures the media. */
	buildBody(): Promise<IDataObject>;
	/** The output's length when it is known without Sync (an MP4 binary's header). */
	durationSeconds?(): Promise<number | undefined>;
	/** What tells it apart from the item's other generations (`{ language: 'fr' }`). */
	label?: Record<string, string>;
}

/** A generation of the run with its cost, once estimated. */
export interface EstimableTask extends ItemTask {
	itemIndex: number;
	order: number;
	job: Estimable;
	/** Names the generation in messages, e.g. `dub into fr`. */
	label: string;
	/** Set by the guard: the estimate, or why there is none (when submitted anyway). */
	estimate?: CostEstimateJson | { unavailable: string };
}

/**
 * Sync's estimate of one generation: first the vintage that takes the whole request and measures
 * the media (frame rate included); if Sync does not answer it and the length is known here, the one
 * that takes model and duration (at Sync's default 30 fps). Either vintage may be missing at Sync.
 */
export async function estimateGeneration(
	context: IExecuteFunctions,
	job: Estimable,
	itemIndex: number,
): Promise<CostEstimateJson | { unavailable: string }> {
	const duration = await job.durationSeconds?.();
	const attempts: Array<[CostEstimateJson['basis'], () => Promise<CostEstimate>]> = [
		['inputs', async () => await estimateCostForRequest(context, await job.buildBody(), itemIndex)],
	];
	if (duration !== undefined) {
		const fromDuration = async () =>
			await estimateCostForDuration(context, { model: job.model, duration }, itemIndex);
		attempts.push(['duration', fromDuration]);
	}
	const reasons: string[] = [];
	for (const [basis, estimate] of attempts) {
		try {
			const { estimatedGenerationCost, estimatedFrameCount } = await estimate();
			if (typeof estimatedGenerationCost === 'number') {
				return {
					estimatedGenerationCost,
					estimatedFrameCount: estimatedFrameCount ?? null,
					currency: 'USD',
					basis,
				};
			}
			reasons.push('Sync answered without a price');
		} catch (error) {
			// Only an API answer means "no estimate"; cancellation and the like go on up.
			if (!(error instanceof NodeApiError)) throw asNodeError(context, error as Error, itemIndex);
			reasons.push(error.message);
		}
	}
	return { unavailable: reasons.join('; ') };
}

const usd = (amount: number) => `${Number(amount.toFixed(4))} USD`;

/**
 * Estimates every generation before any is submitted and applies the guard in item order: one over
 * the per-generation limit, one that would take the execution over its limit, and (by choice) one
 * that cannot be estimated are refused. With Continue On Fail a refusal is that generation's error
 * item and the others go on; otherwise the first refusal stops the node, and nothing is submitted.
 */
export async function guardCosts<T extends EstimableTask>(
	context: IExecuteFunctions,
	tasks: T[],
	guard: CostGuard,
): Promise<{ allowed: T[]; refused: ItemOutcome[] }> {
	const allowed: T[] = [];
	const refused: ItemOutcome[] = [];
	let total = 0;
	for (const task of tasks) {
		const estimate = await estimateGeneration(context, task.job, task.itemIndex);
		// The refusal keeps its job's labels (language) and the estimate it was refused on.
		const refuse = (violation: Violation) => {
			const error = invalidParameter(context, task.itemIndex, violation);
			Object.assign(error.context, task.job.label, { costEstimate: estimate });
			if (!context.continueOnFail()) throw error;
			refused.push({ ...failedOutcome(task.itemIndex, error), order: task.order });
		};
		if ('unavailable' in estimate) {
			if (guard.whenNoEstimate === 'refuse') {
				refuse({
					field: 'When No Estimate',
					rule: `is "Refuse the Generation", and Sync could not estimate the ${task.label}: ${estimate.unavailable}`,
					hint: 'Nothing was submitted for it. Choose "Submit Anyway" to run generations without an estimate, or remove the cost limits.',
				});
			} else {
				allowed.push({ ...task, estimate });
			}
			continue;
		}
		const cost = estimate.estimatedGenerationCost;
		if (guard.maxPerGeneration !== undefined && cost > guard.maxPerGeneration) {
			refuse({
				field: 'Max Cost per Generation (USD)',
				rule: `is ${guard.maxPerGeneration}, but the ${task.label} is estimated at ${usd(cost)}`,
				hint: 'Nothing was submitted for it. Raise the limit, trim the video, or pick a cheaper model.',
			});
		} else if (guard.maxPerExecution !== undefined && total + cost > guard.maxPerExecution) {
			refuse({
				field: 'Max Cost per Execution (USD)',
				rule: `is ${guard.maxPerExecution}, and the ${task.label} (estimated at ${usd(cost)}) would take this execution to ${usd(total + cost)}`,
				hint: `Nothing was submitted for it. The generations before it in item order come to ${usd(total)}.`,
			});
		} else {
			total += cost;
			allowed.push({ ...task, estimate });
		}
	}
	return { allowed, refused };
}
