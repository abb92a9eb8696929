import { expectOk, schemaErrors } from './responseChecks';
import { elevenLabsServerForFile } from './testServer';

/** The form fields of video-to-music: description, tags, model_id, flags, repeated fields. */

const server = elevenLabsServerForFile();

describe('form fields', () => {
	it('description: empty → string_too_short, 1000 ok, 1001 → string_too_long', async () => {
		expect(await schemaErrors(server, { fields: [['description', '']] })).toEqual([
			{
				type: 'string_too_short',
				loc: ['body', 'description'],
				msg: 'String should have at least 1 character',
				input: '',
				ctx: { min_length: 1 },
			},
		]);
		await expectOk(server, { fields: [['description', 'é'.repeat(1000)]] });
		const tooLong = 'x'.repeat(1001);
		expect(await schemaErrors(server, { fields: [['description', tooLong]] })).toEqual([
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
		await expectOk(server, { fields: [['description', 'x'.repeat(4100)]] });
		const items = await schemaErrors(server, { fields: [['description', 'x'.repeat(4101)]] });
		expect(items[0].ctx).toEqual({ max_length: 4100 });
	});

	it('tags: 10 repeated fields ok, 11 → too_long', async () => {
		const tags = (n: number) =>
			Array.from({ length: n }, (_, i) => ['tags', `tag${i}`] as [string, string]);
		await expectOk(server, { fields: tags(10) });
		const items = await schemaErrors(server, { fields: tags(11) });
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
		const items = await schemaErrors(server, { fields: [['tags', eleven]] });
		expect(items[0].ctx).toMatchObject({ actual_length: 11 });
		await expectOk(server, { fields: [['tags', '["upbeat", "cinematic"]']] });
		server.config.acceptJsonTags = false;
		await expectOk(server, { fields: [['tags', eleven]] });
	});

	it('model_id: v1, v2, v2_5 and empty ok; others → enum', async () => {
		for (const model of ['music_v1', 'music_v2', 'music_v2_5', '']) {
			await expectOk(server, { fields: [['model_id', model]] });
		}
		const items = await schemaErrors(server, { fields: [['model_id', 'music_v3']] });
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
		const items = await schemaErrors(server, { fields: [['model_id', 'music_v2_5']] });
		expect(items[0].msg).toBe("Input should be 'music_v1' or 'music_v2'");
	});

	it.each(['sign_with_c2pa', 'add_sfx', 'separate_tracks', 'use_audio_as_reference'])(
		'%s accepts booleans and rejects anything else with bool_parsing',
		async (field) => {
			for (const value of ['true', 'FALSE', '1', '0', 'yes', 'off']) {
				await expectOk(server, { fields: [[field, value]] });
			}
			expect(await schemaErrors(server, { fields: [[field, 'maybe']] })).toEqual([
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
		await expectOk(server, {
			fields: [
				['model_id', 'bogus'],
				['model_id', 'music_v2'],
			],
		});
	});
});
