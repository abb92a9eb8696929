import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// n8n's node panel drops nodes of the codex category "AI" from its regular search unless their
// AI subcategories include "Root Nodes" or the canvas already holds AI nodes (editor-ui
// `filterOutAiNodes` in the node creator's view stacks). Our nodes are media nodes that users
// look for by name and task words, so they must stay out of that filter.
const ROOT = join(__dirname, '../..');

const NODES: Record<string, { type: string; words: string[] }> = {
	SyncDub: {
		type: 'syncDub',
		words: ['dub', 'dubbing', 'translate video', 'lip sync', 'lipsync', 'sync.so'],
	},
	LipsyncGeneration: {
		type: 'lipsyncGeneration',
		words: ['lipsync', 'lip sync', 'talking head', 'sync.so', 'elevenlabs'],
	},
	VideoToMusic: {
		type: 'videoToMusic',
		words: ['soundtrack', 'background music', 'music', 'elevenlabs'],
	},
	GenerationTrigger: {
		type: 'generationTrigger',
		words: ['webhook', 'sync.so', 'lipsync finished'],
	},
};

describe.each(Object.entries(NODES))('the %s codex', (folder, { type, words }) => {
	const codex = JSON.parse(
		readFileSync(join(ROOT, 'nodes', folder, `${folder}.node.json`), 'utf8'),
	);

	it('names the node type n8n registers', () => {
		expect(codex.node).toBe(`n8n-nodes-video-dub.${type}`);
	});

	it('uses categories the node panel shows in regular search', () => {
		expect(codex.categories).not.toContain('AI');
		expect(codex.subcategories?.AI).toBeUndefined();
		expect(codex.categories.length).toBeGreaterThan(0);
	});

	it('lists the words users type for it', () => {
		expect(codex.alias).toEqual(expect.arrayContaining(words));
	});
});

/**
 * How n8n's node panel ranks a search: @n8n/utils' sublimeSearch (the editor's own), over the
 * display name (weight 1.3) and each codex alias (weight 1), best score first; equal scores keep
 * the panel's order. An alias equal to the typed word scores highest, so only Sync Dub has "dub".
 */
describe('node panel search ranking', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { sublimeSearch } = require('@n8n/utils/search/sublime-search') as {
		sublimeSearch: <T>(filter: string, data: T[]) => Array<{ item: T; score: number }>;
	};
	const panel = Object.keys(NODES)
		// Lipsync Generation first: the ranking, not the panel's order, must put Sync Dub ahead.
		.sort((a) => (a === 'LipsyncGeneration' ? -1 : 1))
		.map((folder) => {
			const codex = JSON.parse(
				readFileSync(join(ROOT, 'nodes', folder, `${folder}.node.json`), 'utf8'),
			);
			const source = readFileSync(join(ROOT, 'nodes', folder, `${folder}.node.ts`), 'utf8');
			const displayName = /displayName: '([^']+)'/.exec(source)![1];
			return { folder, properties: { displayName, codex: { alias: codex.alias as string[] } } };
		});
	const ranked = (term: string) => sublimeSearch(term, panel).map(({ item }) => item.folder);

	it.each(['dub', 'dubbing', 'Dub'])(
		'lists Sync Dub before Lipsync Generation for "%s"',
		(term) => {
			const order = ranked(term);
			expect(order[0]).toBe('SyncDub');
			expect(order).toContain('LipsyncGeneration');
		},
	);

	it('names the trigger after its vendor (the panel shows "Sync Labs Generation")', () => {
		const trigger = panel.find((node) => node.folder === 'GenerationTrigger')!;
		expect(trigger.properties.displayName).toBe('Sync Labs Generation Trigger');
		expect(ranked('sync labs generation')[0]).toBe('GenerationTrigger');
	});
});
