/** The one file-name scheme of the Sync nodes' outputs: `<name>-<lang>.mp4`. */
import {
	fileBaseName,
	labelledName,
	outputBaseName,
	urlFileBaseName,
} from '../../nodes/sync/generation/fileName';

describe('output file names', () => {
	it("takes a binary's name without folder and extension, in Sync's alphabet", () => {
		expect(fileBaseName('talk.mp4')).toBe('talk');
		expect(fileBaseName('incoming/sample-video.mp4')).toBe('sample-video');
		expect(fileBaseName('My Interview (final).mov')).toBe('My_Interview_final');
		expect(fileBaseName('.mp4')).toBeUndefined();
		expect(fileBaseName(undefined)).toBeUndefined();
		expect(fileBaseName(`${'a'.repeat(300)}.mp4`)).toHaveLength(200);
	});

	it("takes a URL's file name when its path names one", () => {
		expect(urlFileBaseName('https://cdn.example.com/v/talk_en.mp4?X-Amz-Signature=abc')).toBe(
			'talk_en',
		);
		expect(urlFileBaseName('https://cdn.example.com/v/caf%C3%A9%20clip.mp4')).toBe('caf_clip');
		expect(urlFileBaseName('https://cdn.example.com/videos/12345')).toBeUndefined();
		expect(urlFileBaseName('https://cdn.example.com/')).toBeUndefined();
		expect(urlFileBaseName('not a url')).toBeUndefined();
	});

	it('joins the labels with "-", never repeating one the name ends with', () => {
		expect(labelledName('talk', ['es'])).toBe('talk-es');
		expect(labelledName('talk-es', ['es'])).toBe('talk-es');
		expect(labelledName('my_video_es', ['es'])).toBe('my_video_es');
		expect(labelledName('talk', ['es', 'v2'])).toBe('talk-es-v2');
		expect(labelledName('talk', [])).toBe('talk');
	});

	it("names an output after Sync's file name, else sync-<generation id>", () => {
		expect(outputBaseName({ id: 'g1', outputFileName: 'talk-fr' }, ['fr'])).toBe('talk-fr');
		expect(outputBaseName({ id: 'g1', outputFileName: null }, ['fr'])).toBe('sync-g1-fr');
		expect(outputBaseName({ id: 'g1' })).toBe('sync-g1');
	});
});
