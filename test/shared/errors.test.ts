import type { INode } from 'n8n-workflow';

import {
	parseVendorError,
	suggestionFor,
	vendorApiError,
} from '../../nodes/shared/transport/errors';
import { ELEVEN_LABS } from '../../nodes/elevenLabs/errors';
import { SYNC_LABS } from '../../nodes/sync/errors';

const node: INode = {
	id: 'node-1',
	name: 'Test',
	type: 'n8n-nodes-video-dub.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('vendor error mapping', () => {
	it('reads Sync bodies with a string or an array message and either code spelling', () => {
		const camel = parseVendorError(SYNC_LABS, 422, {
			statusCode: 422,
			error: 'Unprocessable Entity',
			errorCode: 'generation_input_validation_failed',
			message: 'input[0] needs url or assetId',
			suggestion: 'Give a URL',
			field: 'input',
		});
		expect(camel).toMatchObject({
			message: 'input[0] needs url or assetId',
			code: 'generation_input_validation_failed',
			suggestion: 'Give a URL',
			field: 'input',
			httpCode: 422,
		});
		const snake = parseVendorError(SYNC_LABS, 400, {
			statusCode: 400,
			message: ['model must be one of ...', 'input must be an array'],
			error_code: 'legacy_code',
		});
		expect(snake.message).toBe('model must be one of ...; input must be an array');
		expect(snake.code).toBe('legacy_code');
	});

	it('keeps Sync retry hints from the body', () => {
		const error = parseVendorError(SYNC_LABS, 429, {
			statusCode: 429,
			errorCode: 'concurrency_limit_reached',
			message: 'Active job limit reached',
			retryAfterSeconds: 7,
		});
		expect(error.retryAfterMs).toBe(7000);
	});

	it('reads ElevenLabs detail objects, with the suggested prompt for bad_prompt', () => {
		const error = parseVendorError(ELEVEN_LABS, 400, {
			detail: {
				status: 'bad_prompt',
				message: 'Your prompt appears to have violated our Terms of Service.',
				data: { prompt_suggestion: 'An orchestral piece' },
			},
		});
		expect(error.code).toBe('bad_prompt');
		expect(error.suggestion).toContain('An orchestral piece');
		const current = parseVendorError(ELEVEN_LABS, 403, {
			detail: {
				type: 'x',
				code: 'output_format_not_allowed',
				status: 'output_format_not_allowed',
				message: 'Pro only',
				param: 'output_format',
			},
		});
		expect(current).toMatchObject({ code: 'output_format_not_allowed', field: 'output_format' });
	});

	it('names the field of an ElevenLabs validation error from its location', () => {
		const error = parseVendorError(ELEVEN_LABS, 422, {
			detail: [
				{
					type: 'string_too_long',
					loc: ['body', 'description'],
					msg: 'String should have at most 1000 characters',
				},
				{ type: 'enum', loc: ['query', 'output_format'], msg: 'Input should be ...' },
			],
		});
		expect(error.field).toBe('description');
		expect(error.message).toBe(
			'description: String should have at most 1000 characters; query.output_format: Input should be ...',
		);
	});

	it('survives bodies that are not JSON objects', () => {
		expect(parseVendorError(SYNC_LABS, 502, '<html>Bad gateway</html>').message).toBe(
			'<html>Bad gateway</html>',
		);
		expect(parseVendorError(ELEVEN_LABS, 500, undefined).message).toBe('HTTP 500');
	});

	it('suggests what to do: vendor text first, then by code, then by status', () => {
		expect(suggestionFor({ vendor: SYNC_LABS, httpCode: 429, code: 'x', suggestion: 'own' })).toBe(
			'own',
		);
		expect(
			suggestionFor({ vendor: SYNC_LABS, httpCode: 429, code: 'concurrency_limit_reached' }),
		).toMatch(/Max Concurrent Jobs/);
		expect(suggestionFor({ vendor: ELEVEN_LABS, httpCode: 401 })).toMatch(/ElevenLabs credential/);
		expect(suggestionFor({ vendor: SYNC_LABS, httpCode: 503 })).toMatch(/Sync Labs had a problem/);
	});

	it('builds a NodeApiError with message, code, suggestion and status', () => {
		const error = vendorApiError(
			node,
			parseVendorError(SYNC_LABS, 402, {
				statusCode: 402,
				errorCode: 'free_tier_generations_exhausted',
				message: 'Free generations used up',
			}),
			3,
		);
		expect(error.message).toBe('Sync Labs: Free generations used up');
		expect(error.description).toContain('free_tier_generations_exhausted');
		expect(error.description).toMatch(/Upgrade/);
		expect(error.httpCode).toBe('402');
		expect(error.context.vendorErrorCode).toBe('free_tier_generations_exhausted');
		expect(error.context.itemIndex).toBe(3);
	});
});
