import { ALLOWED_OUTPUT_FORMATS, sampleVideo2Mp4, sampleVideoMp4 } from '../media';
import {
	callVideoToMusic,
	startElevenLabsServer,
	type ElevenLabsTestServer,
	type VideoToMusicCall,
} from './testServer';

interface Item {
	type: string;
	loc: Array<string | number>;
	msg: string;
	input: unknown;
	ctx?: Record<string, unknown>;
}

let server: ElevenLabsTestServer;
let defaults: ElevenLabsTestServer['config'];

beforeAll(async () => {
	server = await startElevenLabsServer();
	defaults = structuredClone(server.config);
});
afterAll(() => server.close());
afterEach(() => {
	Object.assign(server.config, structuredClone(defaults));
	server.counters.musicGenerations = 0;
});

/** Sends the call and expects a 422 schema-error array; returns its items. */
async function schemaErrors(call: VideoToMusicCall): Promise<Item[]> {
	const generationsBefore = server.counters.musicGenerations;
	const response = await callVideoToMusic(server, call);
	expect(response.status).toBe(422);
	expect(response.headers.get('content-type')).toBe('application/json');
	expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
	const body = (await response.json()) as { detail: Item[] };
	expect(Array.isArray(body.detail)).toBe(true);
	expect(server.counters.musicGenerations).toBe(generationsBefore);
	return body.detail;
}

/** Sends the call and expects a 422 custom error object; returns its detail. */
async function customError(call: VideoToMusicCall): Promise<Record<string, unknown>> {
	const response = await callVideoToMusic(server, call);
	expect(response.status).toBe(422);
	expect(response.headers.get('content-type')).toBe('application/json');
	const body = (await response.json()) as { detail: Record<string, unknown> };
	expect(Array.isArray(body.detail)).toBe(false);
	return body.detail;
}

async function expectOk(call: VideoToMusicCall): Promise<void> {
	const response = await callVideoToMusic(server, call);
	const text = response.status === 200 ? '' : await response.text();
	expect(`${response.status} ${text}`).toBe('200 ');
	await response.arrayBuffer();
}

const missingVideos = {
	type: 'missing',
	loc: ['body', 'videos'],
	msg: 'Field required',
	input: null,
};

describe('body and query', () => {
	it('a non-multipart body → 422 missing videos', async () => {
		const response = await fetch(`${server.baseUrl}/v1/music/video-to-music`, {
			method: 'POST',
			headers: { 'xi-api-key': 'sk_test_el_creator', 'Content-Type': 'application/json' },
			body: JSON.stringify({ videos: ['a.mp4'], description: 'calm' }),
		});
		expect(response.status).toBe(422);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(await response.json()).toEqual({ detail: [missingVideos] });
	});

	it.each(['auto', 'mp3_48000_192', 'wav', ''])(
		'output_format=%p → 422 enum at query',
		async (format) => {
			const items = await schemaErrors({ query: `output_format=${format}` });
			expect(items).toHaveLength(1);
			expect(items[0].type).toBe('enum');
			expect(items[0].loc).toEqual(['query', 'output_format']);
			expect(items[0].input).toBe(format);
			for (const allowed of ALLOWED_OUTPUT_FORMATS) expect(items[0].msg).toContain(`'${allowed}'`);
			expect(items[0].msg).toMatch(/^Input should be 'mp3_22050_32', .* or 'opus_48000_192'$/);
		},
	);

	it('a malformed multipart body → 400 parse error', async () => {
		const response = await fetch(`${server.baseUrl}/v1/music/video-to-music`, {
			method: 'POST',
			headers: {
				'xi-api-key': 'sk_test_el_creator',
				'Content-Type': 'multipart/form-data; boundary=XYZ',
			},
			body: '--XYZ\r\nContent-Disposition: form-data; name="videos"; filename="a.mp4"\r\n\r\nabc',
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ detail: 'There was an error parsing the body' });
	});

	it('reports every schema error of a bad request together, query first', async () => {
		const items = await schemaErrors({
			query: 'output_format=auto',
			videos: [],
			fields: [
				['description', 'x'.repeat(1001)],
				['model_id', 'music_v9'],
			],
		});
		expect(items.map((item) => [item.type, item.loc.join('.')])).toEqual([
			['enum', 'query.output_format'],
			['missing', 'body.videos'],
			['string_too_long', 'body.description'],
			['enum', 'body.model_id'],
		]);
	});
});

describe('videos', () => {
	it('no video parts → missing', async () => {
		expect(await schemaErrors({ videos: [], fields: [['description', 'calm']] })).toEqual([
			missingVideos,
		]);
	});

	it('`videos[]` is refused unless acceptVideosBrackets', async () => {
		const call = { videos: [{ data: sampleVideoMp4(), field: 'videos[]' }] };
		expect(await schemaErrors(call)).toEqual([missingVideos]);
		server.config.acceptVideosBrackets = true;
		await expectOk(call);
	});

	it('a text part named videos → value_error at its index', async () => {
		const items = await schemaErrors({ fields: [['videos', 'https://example.com/a.mp4']] });
		expect(items).toEqual([
			{
				type: 'value_error',
				loc: ['body', 'videos', 1],
				msg: "Value error, Expected UploadFile, received: <class 'str'>",
				input: 'https://example.com/a.mp4',
				ctx: { error: {} },
			},
		]);
		const only = await schemaErrors({ videos: [], fields: [['videos', 'x']] });
		expect(only.map((item) => item.loc)).toEqual([['body', 'videos', 0]]);
	});

	it('10 videos pass, 11 → too_long', async () => {
		const ten = Array.from({ length: 10 }, () => ({ data: sampleVideo2Mp4() }));
		await expectOk({ videos: ten, query: 'output_format=mp3_22050_32' });
		const items = await schemaErrors({ videos: [...ten, { data: sampleVideo2Mp4() }] });
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			type: 'too_long',
			loc: ['body', 'videos'],
			msg: 'List should have at most 10 items after validation, not 11',
			ctx: { field_type: 'List', max_length: 10, actual_length: 11 },
		});
	});

	it('total size over maxTotalBytes → 422 invalid_parameters', async () => {
		server.config.maxTotalBytes = sampleVideoMp4().length + sampleVideo2Mp4().length - 1;
		const detail = await customError({
			videos: [{ data: sampleVideoMp4() }, { data: sampleVideo2Mp4() }],
		});
		expect(detail).toEqual({
			status: 'invalid_parameters',
			message: `The total size of the videos must not exceed ${server.config.maxTotalBytes} bytes.`,
		});
		server.config.maxTotalBytes += 1;
		await expectOk({ videos: [{ data: sampleVideoMp4() }, { data: sampleVideo2Mp4() }] });
	});

	it('states a whole-megabyte limit in MB (the default is 200MB)', async () => {
		server.config.maxTotalBytes = 200 * 1024 * 1024;
		expect(server.config.maxTotalBytes).toBe(209_715_200);
		server.config.maxTotalBytes = 1024 * 1024;
		const big = Buffer.concat([sampleVideoMp4(), Buffer.alloc(1024 * 1024)]);
		const detail = await customError({ videos: [{ data: big }] });
		expect(detail.message).toBe('The total size of the videos must not exceed 1MB.');
	});

	it('combined mvhd duration over the limit → 422', async () => {
		server.config.maxTotalDurationSeconds = 6;
		const detail = await customError({
			videos: [{ data: sampleVideoMp4() }, { data: sampleVideo2Mp4() }],
		});
		expect(detail).toEqual({
			status: 'invalid_parameters',
			message: 'The total duration of the videos must not exceed 6 seconds.',
		});
		await expectOk({ videos: [{ data: sampleVideoMp4() }] });
	});

	it('x-fake-duration-s stands in for the combined duration (600 s passes, 601 s fails)', async () => {
		const over = await customError({ headers: { 'x-fake-duration-s': '601' } });
		expect(over.message).toBe('The total duration of the videos must not exceed 600 seconds.');
		await expectOk({
			headers: { 'x-fake-duration-s': '600' },
			query: 'output_format=mp3_22050_32',
		});
		server.config.honourFakeDurationHeader = false;
		await expectOk({ headers: { 'x-fake-duration-s': '601' } });
	});

	it('a file that is not a video → 422 naming it', async () => {
		const detail = await customError({
			videos: [
				{ data: sampleVideoMp4(), name: 'ok.mp4' },
				{ data: Buffer.from('just some text, not a movie'), name: 'notes.mp4' },
			],
		});
		expect(detail).toEqual({
			status: 'invalid_parameters',
			message: 'Could not decode video 2 (notes.mp4). Please upload a valid video file.',
		});
		const empty = await customError({ videos: [{ data: Buffer.alloc(0), name: 'empty.mp4' }] });
		expect(empty.message).toContain('empty.mp4');
	});

	it('size is checked before duration, and both before later schema errors', async () => {
		server.config.maxTotalBytes = 1000;
		const detail = await customError({
			headers: { 'x-fake-duration-s': '9999' },
			fields: [['description', '']],
		});
		expect(String(detail.message)).toContain('total size');
	});
});

describe('form fields', () => {
	it('description: empty → string_too_short, 1000 ok, 1001 → string_too_long', async () => {
		expect(await schemaErrors({ fields: [['description', '']] })).toEqual([
			{
				type: 'string_too_short',
				loc: ['body', 'description'],
				msg: 'String should have at least 1 character',
				input: '',
				ctx: { min_length: 1 },
			},
		]);
		await expectOk({ fields: [['description', 'é'.repeat(1000)]] });
		const tooLong = 'x'.repeat(1001);
		expect(await schemaErrors({ fields: [['description', tooLong]] })).toEqual([
			{
				type: 'string_too_long',
				loc: ['body', 'description'],
				msg: 'String should have at most 1000 characters',
				input: tooLong,
				ctx: { max_length: 1000 },
			},
		]);
	});

	it('description limit switch 4100', async () => {
		server.config.descriptionMaxLength = 4100;
		await expectOk({ fields: [['description', 'x'.repeat(4100)]] });
		const items = await schemaErrors({ fields: [['description', 'x'.repeat(4101)]] });
		expect(items[0].ctx).toEqual({ max_length: 4100 });
	});

	it('tags: 10 repeated fields ok, 11 → too_long', async () => {
		const tags = (n: number) =>
			Array.from({ length: n }, (_, i) => ['tags', `tag${i}`] as [string, string]);
		await expectOk({ fields: tags(10) });
		const items = await schemaErrors({ fields: tags(11) });
		expect(items).toEqual([
			{
				type: 'too_long',
				loc: ['body', 'tags'],
				msg: 'List should have at most 10 items after validation, not 11',
				input: tags(11).map(([, value]) => value),
				ctx: { field_type: 'List', max_length: 10, actual_length: 11 },
			},
		]);
	});

	it('tags as one JSON array string (Python SDK) are parsed unless switched off', async () => {
		const eleven = JSON.stringify(Array.from({ length: 11 }, (_, i) => `t${i}`));
		const items = await schemaErrors({ fields: [['tags', eleven]] });
		expect(items[0].ctx).toMatchObject({ actual_length: 11 });
		await expectOk({ fields: [['tags', '["upbeat", "cinematic"]']] });
		server.config.acceptJsonTags = false;
		await expectOk({ fields: [['tags', eleven]] });
	});

	it('model_id: v1, v2, v2_5 and empty ok; others → enum', async () => {
		for (const model of ['music_v1', 'music_v2', 'music_v2_5', '']) {
			await expectOk({ fields: [['model_id', model]] });
		}
		const items = await schemaErrors({ fields: [['model_id', 'music_v3']] });
		expect(items).toEqual([
			{
				type: 'enum',
				loc: ['body', 'model_id'],
				msg: "Input should be 'music_v1', 'music_v2' or 'music_v2_5'",
				input: 'music_v3',
				ctx: { expected: "'music_v1', 'music_v2' or 'music_v2_5'" },
			},
		]);
	});

	it('model_id switch without music_v2_5', async () => {
		server.config.modelIds = ['music_v1', 'music_v2'];
		const items = await schemaErrors({ fields: [['model_id', 'music_v2_5']] });
		expect(items[0].msg).toBe("Input should be 'music_v1' or 'music_v2'");
	});

	it.each(['sign_with_c2pa', 'add_sfx', 'separate_tracks', 'use_audio_as_reference'])(
		'%s accepts booleans and rejects anything else with bool_parsing',
		async (field) => {
			for (const value of ['true', 'FALSE', '1', '0', 'yes', 'off']) {
				await expectOk({ fields: [[field, value]] });
			}
			expect(await schemaErrors({ fields: [[field, 'maybe']] })).toEqual([
				{
					type: 'bool_parsing',
					loc: ['body', field],
					msg: 'Input should be a valid boolean, unable to interpret input',
					input: 'maybe',
				},
			]);
		},
	);

	it('scalar fields repeated: the last value wins', async () => {
		await expectOk({
			fields: [
				['model_id', 'bogus'],
				['model_id', 'music_v2'],
			],
		});
	});
});
