import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { VideoToMusic } from '../../../nodes/VideoToMusic/VideoToMusic.node';
import { OUTPUT_FORMATS } from '../../../nodes/elevenLabs/parameters/outputFormats';

const ROOT = join(__dirname, '..', '..', '..');
const NODE_DIR = join(ROOT, 'nodes', 'VideoToMusic');

describe('Video To Music: node description', () => {
	const { description } = new VideoToMusic();
	const property = (name: string) =>
		description.properties.find((candidate) => candidate.name === name)!;

	it('is a tool-capable node with themed icons, subtitle and the ElevenLabs credential', () => {
		expect(description).toMatchObject({
			name: 'videoToMusic',
			displayName: 'Video To Music',
			usableAsTool: true,
			credentials: [{ name: 'videoDubElevenLabsApi', required: true }],
		});
		expect(description.subtitle).toContain('$parameter["model"]');
		const icon = description.icon as { light: string; dark: string };
		expect(icon).toEqual({
			light: 'file:../../icons/elevenlabs.svg',
			dark: 'file:../../icons/elevenlabs.dark.svg',
		});
		// Icon paths resolve from the compiled node file (dist/nodes/VideoToMusic/), like n8n's loader.
		for (const path of Object.values(icon)) {
			expect(existsSync(resolve(NODE_DIR, path.replace(/^file:/, '')))).toBe(true);
		}
	});

	it('defaults to the recommended model and lists all 21 output formats with their plans', () => {
		expect(property('model').default).toBe('music_v2');
		const options = property('outputFormat').options as Array<{
			value: string;
			name: string;
			description: string;
		}>;
		expect(options.map((option) => option.value)).toEqual(
			OUTPUT_FORMATS.map((format) => format.value),
		);
		expect(new Set(options.map((option) => option.value)).size).toBe(21);
		expect(options.find((option) => option.value === 'mp3_44100_192')!.description).toContain(
			'Creator plan',
		);
		expect(options.find((option) => option.value === 'pcm_44100')!.description).toContain(
			'Pro plan',
		);
		expect(property('outputFormat').default).toBe('mp3_44100_128');
		const settings = property('options').options as Array<{ name: string; default: unknown }>;
		expect(settings.find((option) => option.name === 'maxConcurrentRequests')!.default).toBe(2);
	});

	it('has a codex with categories, aliases and documentation, and is registered in package.json', () => {
		const codex = JSON.parse(readFileSync(join(NODE_DIR, 'VideoToMusic.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-video-dub.videoToMusic');
		expect(codex.categories).toEqual(['Marketing', 'Miscellaneous']);
		expect(codex.alias).toEqual(
			expect.arrayContaining([
				'soundtrack',
				'music',
				'video to music',
				'elevenlabs',
				'background music',
			]),
		);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
		expect(codex.resources.credentialDocumentation[0].url).toMatch(/^https:\/\//);
		const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/VideoToMusic/VideoToMusic.node.js');
		expect(dirname(pkg.n8n.nodes.find((path: string) => path.includes('VideoToMusic')))).toBe(
			'dist/nodes/VideoToMusic',
		);
	});
});
