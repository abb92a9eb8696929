import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	carriedFailures,
	encodeFailures,
	failureError,
	failuresOfCallbackUrl,
} from '../../nodes/sync/generation/carriedFailures';

/** Failures from before a "Wait for Webhook" wait travel in the resume URLs, within a URL's size. */
const node = {
	id: 'n1',
	name: 'Dub',
	type: 'syncDub',
	typeVersion: 1.1,
	position: [0, 0],
} as INode;

const refusal = (item: number, order: number, description = 'Nothing was submitted for it.') => {
	const error = new NodeOperationError(node, `refused ${item}/${order}`, {
		itemIndex: item,
		description,
	});
	Object.assign(error.context, {
		language: `l${order}`,
		costEstimate: { estimatedGenerationCost: 2 },
	});
	return { itemIndex: item, order, items: [], failed: error };
};

const url = (value: string | undefined) =>
	`https://n8n.example.com/webhook-waiting/1/n1?wait=t&refused=${value ?? ''}`;

describe('failures carried through the resume', () => {
	it('round-trip: message, description, language, estimate and the item’s job count', () => {
		const failed = [refusal(0, 0), refusal(0, 1)];
		const [first, second] = failuresOfCallbackUrl(
			url(encodeFailures(carriedFailures(failed, new Map([[0, 2]])))),
		);
		expect(first).toMatchObject({ item: 0, position: 0, count: 2, message: 'refused 0/0' });
		const error = failureError(node, second);
		expect(error.message).toBe('refused 0/1');
		expect(error.description).toBe('Nothing was submitted for it.');
		expect(error.context).toMatchObject({
			language: 'l1',
			costEstimate: { estimatedGenerationCost: 2 },
		});
	});

	it('stays within a URL’s size: descriptions go first, then the last failures', () => {
		const long = 'x'.repeat(400);
		const many = Array.from({ length: 40 }, (_, order) => refusal(0, order, long));
		const encoded = encodeFailures(carriedFailures(many, new Map([[0, 40]])))!;
		expect(encoded.length).toBeLessThanOrEqual(6000);
		const decoded = failuresOfCallbackUrl(url(encoded));
		expect(decoded.length).toBeGreaterThan(10);
		expect(decoded.length).toBeLessThan(40);
		expect(decoded.every((failure) => failure.description === undefined)).toBe(true);
	});

	it('a URL without failures, or with garbage, carries none', () => {
		expect(encodeFailures([])).toBeUndefined();
		expect(failuresOfCallbackUrl(url('not-base64-json'))).toEqual([]);
		expect(failuresOfCallbackUrl('not a url')).toEqual([]);
		expect(failuresOfCallbackUrl(null)).toEqual([]);
	});
});
