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
