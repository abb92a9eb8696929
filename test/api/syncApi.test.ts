/**
 * Every Sync Labs API function checks the answer it gets: a malformed one is a NodeApiError that
 * names the endpoint and what was wrong, never zod's raw text.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { getAsset, listAssets, uploadAsset } from '../../nodes/sync/api/assets';
import { createBatch, getBatch, getBatchResults, listBatches } from '../../nodes/sync/api/batches';
import {
	createGeneration,
	deleteGeneration,
	estimateCostForDuration,
	estimateCostForRequest,
	getGeneration,
	listGenerations,
} from '../../nodes/sync/api/generations';
import { listModels } from '../../nodes/sync/api/models';
import type { Answer } from './vendorProbe';
import { VendorProbe } from './vendorProbe';

const binary = {
	propertyName: 'data',
	fileName: 'clip.mp4',
	mimeType: 'video/mp4',
	size: 4,
	open: async () => Buffer.from('mp4!'),
};

type Call = (context: IExecuteFunctions, probe: VendorProbe) => Promise<unknown>;

/** Function, endpoint it names, the call, and the answers (the last one is the malformed one). */
const cases: Array<[string, string, Call, Record<string, Answer>]> = [
	[
		'createGeneration',
		'POST /v2/generate',
		async (context) => await createGeneration(context, { model: 'lipsync-2' }, 'n8n-key'),
		{ 'POST /v2/generate': { body: { id: 'g1' } } },
	],
	[
		'getGeneration',
		'GET /v2/generate/g1',
		async (context) => await getGeneration(context, 'g1'),
		{ 'GET /v2/generate/g1': { body: { id: 'g1', status: 42 } } },
	],
	[
		'listGenerations',
		'GET /v2/generations',
		async (context) => await listGenerations(context, { limit: 10 }),
		{ 'GET /v2/generations': { body: { items: [] } } },
	],
	[
		'deleteGeneration',
		'DELETE /v2/generations/g1',
		async (context) => await deleteGeneration(context, 'g1'),
		{ 'DELETE /v2/generations/g1': { body: { id: '' } } },
	],
	[
		'estimateCostForRequest',
		'POST /v2/analyze/cost',
		async (context) => await estimateCostForRequest(context, { model: 'lipsync-2' }),
		{ 'POST /v2/analyze/cost': { body: [{ estimatedGenerationCost: 'cheap' }] } },
	],
	[
		'estimateCostForDuration',
		'POST /v2/generations/estimate',
		async (context) => await estimateCostForDuration(context, { model: 'lipsync-2', duration: 10 }),
		{ 'POST /v2/generations/estimate': { body: { estimatedFrameCount: [300] } } },
	],
	[
		'listModels',
		'GET /v2/models',
		async (context) => await listModels(context),
		{ 'GET /v2/models': { body: [{ type: 'lipsync' }] } },
	],
	[
		'getAsset',
		'GET /v2/assets/a1',
		async (context) => await getAsset(context, 'a1'),
		{ 'GET /v2/assets/a1': { body: { name: 'clip.mp4' } } },
	],
	[
		'listAssets',
		'GET /v2/assets',
		async (context) => await listAssets(context, { limit: 10 }),
		{ 'GET /v2/assets': { body: [{ id: 'a1' }] } },
	],
	[
		'uploadAsset (upload target)',
		'POST /v2/assets/upload',
		async (context) => await uploadAsset(context, binary, 'VIDEO', 0),
		{ 'POST /v2/assets/upload': { body: { uploadUrl: 'not a url' } } },
	],
	[
		'uploadAsset (registered asset)',
		'POST /v2/assets',
		async (context) => await uploadAsset(context, binary, 'VIDEO', 0),
		{
			'POST /v2/assets/upload': { body: 'see run' },
			'PUT /storage/clip.mp4': { contentType: 'text/plain', body: '' },
			'POST /v2/assets': { body: { id: 7 } },
		},
	],
	[
		'createBatch',
		'POST /v2/batch',
		async (context) => await createBatch(context, [{ model: 'lipsync-2' }], {}),
		{ 'POST /v2/batch': { body: { id: 'b1' } } },
	],
	[
		'getBatch',
		'GET /v2/batch/b1',
		async (context) => await getBatch(context, 'b1'),
		{ 'GET /v2/batch/b1': { body: { id: 'b1', status: null } } },
	],
	[
		'listBatches',
		'GET /v2/batch',
		async (context) => await listBatches(context, {}),
		{ 'GET /v2/batch': { body: { batches: [] } } },
	],
	[
		'getBatchResults',
		'GET the results of batch b1',
		async (context, probe) =>
			await getBatchResults(context, {
				id: 'b1',
				status: 'COMPLETED',
				outputUrl: `${probe.url}/sync/v2/batch/b1/results`,
			}),
		{
			'GET /v2/batch/b1/results': {
				contentType: 'application/jsonl',
				body: '{"request_id":"r1","response":{}}\nnot json\n',
			},
		},
	],
];

describe('Sync Labs API answers', () => {
	let probe: VendorProbe;
	beforeAll(async () => {
		probe = await VendorProbe.start();
	});
	afterAll(async () => await probe.close());

	it.each(cases)(
		'%s: a malformed answer is a NodeApiError naming %s',
		async (_name, endpoint, call, answers) => {
			probe.answers = { ...answers };
			if (answers['POST /v2/assets/upload']?.body === 'see run') {
				const storage = `${probe.url}/sync/storage/clip.mp4`;
				probe.answers['POST /v2/assets/upload'] = { body: { uploadUrl: storage, url: storage } };
			}
			const { error } = await probe.run(async (context) => await call(context, probe));
			expect(error).toBeInstanceOf(NodeApiError);
			const apiError = error as NodeApiError;
			expect(apiError.message).toBe(`Sync Labs returned an unexpected answer to ${endpoint}`);
			expect(apiError.description).toMatch(/\S+: \S/);
			// zod's own text is a JSON list of issues; none of it reaches the user.
			expect(apiError.description).not.toMatch(/"code"|invalid_type|^\[/);
		},
	);

	it('passes well-formed answers through', async () => {
		probe.answers = {
			'GET /v2/generate/g1': { body: { id: 'g1', status: 'PENDING', extra: true } },
			'DELETE /v2/generations/g1': { status: 204, body: '' },
		};
		const { error, output } = await probe.run(async (context) => {
			const generation = await getGeneration(context, 'g1');
			expect(generation).toEqual({ id: 'g1', status: 'PENDING', extra: true });
			expect(await deleteGeneration(context, 'g1')).toBeUndefined();
		});
		expect(error).toBeUndefined();
		expect(output).toBeDefined();
	});
});
