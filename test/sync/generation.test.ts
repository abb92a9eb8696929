import {
	TERMINAL_STATUSES,
	generationSchema,
	isTerminal,
	normaliseGeneration,
} from '../../nodes/sync/api/generations';

describe('generation model', () => {
	it('treats every terminal status, legacy spellings included, as terminal', () => {
		for (const status of TERMINAL_STATUSES) expect(isTerminal(status)).toBe(true);
		expect(['CANCELED', 'CANCELLED', 'TIMED_OUT'].every(isTerminal)).toBe(true);
		expect(isTerminal('PENDING')).toBe(false);
		expect(isTerminal('PROCESSING')).toBe(false);
	});

	it('normalises either error-code spelling and fills missing fields with null', () => {
		const snake = normaliseGeneration(
			generationSchema.parse({
				id: 'g1',
				status: 'FAILED',
				error: 'bad',
				error_code: 'generation_pipeline_failed',
			}),
		);
		expect(snake).toEqual({
			id: 'g1',
			status: 'FAILED',
			model: null,
			createdAt: null,
			outputUrl: null,
			outputDuration: null,
			error: 'bad',
			errorCode: 'generation_pipeline_failed',
			input: [],
		});
		const camel = normaliseGeneration(
			generationSchema.parse({
				id: 'g2',
				status: 'COMPLETED',
				errorCode: null,
				outputUrl: 'https://x/y.mp4',
				progress_percent: 100,
			}),
		);
		expect(camel.errorCode).toBeNull();
		expect(camel.progressPercent).toBe(100);
	});
});
