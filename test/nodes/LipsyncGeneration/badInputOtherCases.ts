import type { BadCase, TestBed } from './badInputCases';
import { VIDEO_URL, createParameters, items } from './setup';

/** Cases of several items, batches, estimates, lists and ids. */
export const otherCases = (bed: TestBed): BadCase[] => [
	// Several items: the bad third item stops the node before the first two are submitted.
	{
		name: 'a bad item after good ones',
		parameters: createParameters({ videoUrl: '={{ $json.video }}' }),
		items: () => items(3, (index) => ({ video: index === 2 ? 'not-a-url' : VIDEO_URL })),
		expected: /"Video URL" must be an http\(s\) URL, got "not-a-url" \(item 2\)/,
	},
	// Batch
	{
		name: 'batch with 19 items',
		parameters: { ...createParameters(), resource: 'batch', operation: 'create' },
		items: () => items(19),
		expected: /A batch needs 20 to 500 input items \(one request each\), got 19/,
	},
	{
		name: 'batch with 501 items',
		parameters: { ...createParameters(), resource: 'batch', operation: 'create' },
		items: () => items(501),
		expected: /A batch needs 20 to 500 input items \(one request each\), got 501/,
	},
	{
		name: 'batch with a repeated request ID',
		parameters: {
			...createParameters(),
			resource: 'batch',
			operation: 'create',
			requestId: '={{ $itemIndex === 7 ? "item-3" : "" }}',
		},
		items: () => items(20),
		expected: /"Request ID" "item-3" is already used by item 3 \(item 7\)/,
	},
	{
		name: 'batch with an invalid item',
		parameters: {
			...createParameters({
				audioUrl: '={{ $itemIndex === 12 ? "" : "https://a.example.com/a.wav" }}',
			}),
			resource: 'batch',
			operation: 'create',
		},
		items: () => items(20),
		expected: /"Audio URL" is empty \(item 12\)/,
	},
	// Estimate cost, lists, ids
	{
		name: 'cost estimate for 0 seconds',
		parameters: {
			resource: 'generation',
			operation: 'estimateCost',
			estimateFrom: 'duration',
			duration: 0,
		},
		expected: /"Duration \(Seconds\)" must be a number greater than 0 and at most 86400, got 0/,
	},
	{
		name: 'cost estimate for a negative duration',
		parameters: {
			resource: 'generation',
			operation: 'estimateCost',
			estimateFrom: 'duration',
			duration: -3,
		},
		expected: /"Duration \(Seconds\)" must be a number greater than 0/,
	},
	{
		name: 'cost estimate with 0 fps',
		parameters: {
			resource: 'generation',
			operation: 'estimateCost',
			estimateFrom: 'duration',
			fps: 0,
		},
		expected: /"Frames per Second" must be a number greater than 0/,
	},
	{
		name: 'cost estimate from inputs with an empty URL',
		parameters: {
			...createParameters({ videoUrl: '' }),
			operation: 'estimateCost',
			estimateFrom: 'request',
		},
		expected: /"Video URL" is empty/,
	},
	{
		name: 'generation list limit of 0',
		parameters: { resource: 'generation', operation: 'list', limit: 0 },
		expected: /"Limit" must be a whole number from 1 to 100, got 0/,
	},
	{
		name: 'generation list limit of 101',
		parameters: { resource: 'generation', operation: 'list', limit: 101 },
		expected: /"Limit" must be a whole number from 1 to 100, got 101/,
	},
	{
		name: 'asset list limit of 2.5',
		parameters: { resource: 'asset', operation: 'list', limit: 2.5 },
		expected: /"Limit" must be a whole number from 1 to 100, got 2.5/,
	},
	{
		name: 'get without a generation ID',
		parameters: { resource: 'generation', operation: 'get', generationId: ' ' },
		expected: /"Generation ID" is empty \(item 0\)/,
	},
	{
		name: 'delete with an ID holding a path',
		parameters: { resource: 'generation', operation: 'delete', generationId: '../assets/x' },
		expected: /"Generation ID" is not a valid ID/,
	},
	{
		name: 'batch results without a batch ID',
		parameters: { resource: 'batch', operation: 'getResults', batchId: '' },
		expected: /"Batch ID" is empty/,
	},
	{
		name: 'batch list created after later than created before',
		parameters: {
			resource: 'batch',
			operation: 'list',
			createdAfter: '2026-03-02T00:00:00Z',
			createdBefore: '2026-03-01T00:00:00Z',
		},
		expected: /"Created After" is later than "Created Before"/,
	},
	{
		name: 'asset upload of a PDF',
		parameters: { resource: 'asset', operation: 'upload', binaryPropertyName: 'data' },
		items: async () => [
			{
				json: {},
				binary: {
					data: await bed.harness.binaryFromBuffer(
						Buffer.from('%PDF-1.4'),
						'application/pdf',
						'a.pdf',
					),
				},
			},
		],
		expected: /is application\/pdf, not a video, image or audio file/,
	},
	{
		name: 'asset upload without the binary',
		parameters: { resource: 'asset', operation: 'upload', binaryPropertyName: 'video' },
		expected: /video/,
	},
];
