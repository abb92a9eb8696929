/**
 * A job refused by the cost guard keeps its language, estimate and reason on its error item in
 * every Continue On Fail mode and after a "Wait for Webhook" resume.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { items, useSyncDub } from './setup';

const env = useSyncDub();

const LONG = 'https://media.example.com/long.mp4?duration=30';
const SHORT = 'https://media.example.com/short.mp4';
const REASON =
	'"Max Cost per Generation (USD)" is 1, but the generation (language fr) is estimated at 1.5 USD (item 0)';
const ESTIMATE = {
	estimatedGenerationCost: 1.5,
	estimatedFrameCount: 750,
	currency: 'USD',
	basis: 'inputs',
};
/** What a refusal knows besides its message. */
const REFUSAL = {
	language: 'fr',
	costEstimate: ESTIMATE,
	field: 'Max Cost per Generation (USD)',
	rule: expect.stringContaining('is estimated at 1.5 USD'),
	description: expect.stringContaining('Nothing was submitted for it.'),
};

const guarded = (completion: string): INodeParameters => ({
	videoUrl: '={{ $json.video }}',
	targetLanguage: ['es', 'fr'],
	completion,
	timeout: 60,
	options: { maxCostPerGeneration: 1 },
});
const dub = async (parameters: INodeParameters, options: Parameters<typeof env.run>[1] = {}) =>
	await env.run(parameters, { typeVersion: 1.1, ...options });

describe('a refused job keeps its language, estimate and reason', () => {
	it('On Error "Continue": every refused language its own error item, with all it knows', async () => {
		const { output, error } = await dub(guarded('none'), {
			items: items({ video: LONG }, { video: SHORT }),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		const [es, fr, ...others] = output![0];
		expect(es.json).toMatchObject({ language: 'es', costEstimate: ESTIMATE });
		expect(fr.json).toMatchObject({ error: REASON, ...REFUSAL });
		expect(fr.pairedItem).toEqual({ item: 0 });
		expect(others.map((item) => item.json.status)).toEqual(['PENDING', 'PENDING']);
	});

	it('On Error "Continue (using error output)": the details ride along under `message`', async () => {
		const { output } = await dub(guarded('none'), {
			items: items({ video: LONG }),
			continueOnFail: 'errorOutput',
		});
		const [es, fr] = output![0];
		// n8n routes an item to the error output only when it holds `error` and `message` at most.
		expect(Object.keys(fr.json).sort()).toEqual(['error', 'message']);
		expect(fr.json.error).toBe(REASON);
		expect(fr.json.message).toMatchObject(REFUSAL);
		expect(Object.keys(es.json).sort()).toEqual(['error', 'message']);
		expect((es.json.message as IDataObject).language).toBe('es');
	});

	it('On Error "Stop": the error that stops the node says the language and the estimate', async () => {
		const { error } = await dub(guarded('none'), { items: items({ video: LONG }) });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).context).toMatchObject({
			language: 'es',
			costEstimate: ESTIMATE,
		});
		expect(env.createRequests()).toBe(0);
	});

	it.each([
		['Continue', true as const],
		['Continue (using error output)', 'errorOutput' as const],
	])(
		'Wait for Webhook with %s: after the resume each refused language still has its reason',
		async (_mode, continueOnFail) => {
			const result = await dub(guarded('webhook'), {
				items: items({ video: LONG }, { video: SHORT }),
				continueOnFail,
				mode: 'trigger',
			});
			expect(result.error).toBeUndefined();
			const resumed = await result.waiting!.resumed(10_000);
			expect(resumed.timedOut).toBe(false);
			const outputs = resumed.output![0];
			expect(outputs.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 0 },
				{ item: 1 },
				{ item: 1 },
			]);
			const refused = outputs
				.slice(0, 2)
				.map((item) => (continueOnFail === true ? item.json : (item.json.message as IDataObject)));
			expect(refused.map((json) => json.language)).toEqual(['es', 'fr']);
			for (const json of refused) expect(json).toMatchObject({ costEstimate: ESTIMATE });
			expect(outputs[1].json.error).toBe(REASON);
			expect(outputs.slice(2).map((item) => item.json.status)).toEqual(['COMPLETED', 'COMPLETED']);
			expect(env.emulator.admin.counters().generationsCreated).toBe(2);
		},
	);
});
