import { ALLOWED_OUTPUT_FORMATS, sampleVideo2Mp4, sampleVideoMp4 } from '../media';
import { customError, expectOk, schemaErrors } from './responseChecks';
import { elevenLabsServerForFile } from './testServer';

const server = elevenLabsServerForFile();

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
			const items = await schemaErrors(server, { query: `output_format=${format}` });
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
		const items = await schemaErrors(server, {
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
		expect(await schemaErrors(server, { videos: [], fields: [['description', 'calm']] })).toEqual([
			missingVideos,
		]);
	});

	it('`videos[]` is refused unless acceptVideosBrackets', async () => {
		const call = { videos: [{ data: sampleVideoMp4(), field: 'videos[]' }] };
		expect(await schemaErrors(server, call)).toEqual([missingVideos]);
		server.config.acceptVideosBrackets = true;
		await expectOk(server, call);
	});

	it('a text part named videos → value_error at its index', async () => {
		const items = await schemaErrors(server, { fields: [['videos', 'https://example.com/a.mp4']] });
		expect(items).toEqual([
			{
				type: 'value_error',
				loc: ['body', 'videos', 1],
				msg: "Value error, Expected UploadFile, received: <class 'str'>",
				input: 'https://example.com/a.mp4',
				ctx: { error: {} },
			},
		]);
		const only = await schemaErrors(server, { videos: [], fields: [['videos', 'x']] });
		expect(only.map((item) => item.loc)).toEqual([['body', 'videos', 0]]);
	});

	it('10 videos pass, 11 → too_long', async () => {
		const ten = Array.from({ length: 10 }, () => ({ data: sampleVideo2Mp4() }));
		await expectOk(server, { videos: ten, query: 'output_format=mp3_22050_32' });
		const items = await schemaErrors(server, { videos: [...ten, { data: sampleVideo2Mp4() }] });
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
		const detail = await customError(server, {
			videos: [{ data: sampleVideoMp4() }, { data: sampleVideo2Mp4() }],
		});
		expect(detail).toEqual({
			status: 'invalid_parameters',
			message: `The total size of the videos must not exceed ${server.config.maxTotalBytes} bytes.`,
		});
		server.config.maxTotalBytes += 1;
		await expectOk(server, { videos: [{ data: sampleVideoMp4() }, { data: sampleVideo2Mp4() }] });
	});

	it('states a whole-megabyte limit in MB (the default is 200MB)', async () => {
		server.config.maxTotalBytes = 200 * 1024 * 1024;
		expect(server.config.maxTotalBytes).toBe(209_715_200);
		server.config.maxTotalBytes = 1024 * 1024;
		const big = Buffer.concat([sampleVideoMp4(), Buffer.alloc(1024 * 1024)]);
		const detail = await customError(server, { videos: [{ data: big }] });
		expect(detail.message).toBe('The total size of the videos must not exceed 1MB.');
	});

	it('combined mvhd duration over the limit → 422', async () => {
		server.config.maxTotalDurationSeconds = 6;
		const detail = await customError(server, {
			videos: [{ data: sampleVideoMp4() }, { data: sampleVideo2Mp4() }],
		});
		expect(detail).toEqual({
			status: 'invalid_parameters',
			message: 'The total duration of the videos must not exceed 6 seconds.',
		});
		await expectOk(server, { videos: [{ data: sampleVideoMp4() }] });
	});

	it('x-fake-duration-s stands in for the combined duration (600 s passes, 601 s fails)', async () => {
		const over = await customError(server, { headers: { 'x-fake-duration-s': '601' } });
		expect(over.message).toBe('The total duration of the videos must not exceed 600 seconds.');
		await expectOk(server, {
			headers: { 'x-fake-duration-s': '600' },
			query: 'output_format=mp3_22050_32',
		});
		server.config.honourFakeDurationHeader = false;
		await expectOk(server, { headers: { 'x-fake-duration-s': '601' } });
	});

	it('a file that is not a video → 422 naming it', async () => {
		const detail = await customError(server, {
			videos: [
				{ data: sampleVideoMp4(), name: 'ok.mp4' },
				{ data: Buffer.from('just some text, not a movie'), name: 'notes.mp4' },
			],
		});
		expect(detail).toEqual({
			status: 'invalid_parameters',
			message: 'Could not decode video 2 (notes.mp4). Please upload a valid video file.',
		});
		const empty = await customError(server, {
			videos: [{ data: Buffer.alloc(0), name: 'empty.mp4' }],
		});
		expect(empty.message).toContain('empty.mp4');
	});

	it('size is checked before duration, and both before later schema errors', async () => {
		server.config.maxTotalBytes = 1000;
		const detail = await customError(server, {
			headers: { 'x-fake-duration-s': '9999' },
			fields: [['description', '']],
		});
		expect(String(detail.message)).toContain('total size');
	});
});
