/**
 * What users read in the parameter panels: one name for the input binary field and one for the
 * output binary field in every node, as n8n's own nodes name them ("Input Binary Field", "Put
 * Output File in Field"); display names only, the internal names stay.
 */
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { GenerationTrigger } from '../../nodes/GenerationTrigger/GenerationTrigger.node';
import { LipsyncGeneration } from '../../nodes/LipsyncGeneration/LipsyncGeneration.node';
import { SyncDub } from '../../nodes/SyncDub/SyncDub.node';
import { VideoToMusic } from '../../nodes/VideoToMusic/VideoToMusic.node';

const NODES: Array<[string, INodeType]> = [
	['Sync Dub', new SyncDub()],
	['Lipsync Generation', new LipsyncGeneration()],
	['Video To Music', new VideoToMusic()],
	['Sync Labs Generation Trigger', new GenerationTrigger()],
];

/** Every parameter, including the options of collections and fixed collections. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []).flatMap((option) => {
			if ('type' in option) return allProperties([option as INodeProperties]);
			if ('values' in option) return allProperties(option.values as INodeProperties[]);
			return [];
		});
		return [property, ...nested];
	});
}

describe.each(NODES)('%s', (_node, node) => {
	const properties = allProperties(node.description.properties);

	it('names the output binary field "Put Output File in Field"', () => {
		const output = properties.filter((property) => property.name === 'binaryPropertyOutput');
		expect(output.length).toBeGreaterThan(0);
		for (const property of output) expect(property.displayName).toBe('Put Output File in Field');
	});

	it('names an input binary field "Input Binary Field" (with the media where several are taken)', () => {
		const inputs = properties.filter(
			(property) =>
				property.type === 'string' && /BinaryProperty$|^binaryPropertyName$/.test(property.name),
		);
		for (const property of inputs) {
			expect(property.displayName).toMatch(/^((Video|Audio|Image) )?Input Binary Field$/);
		}
	});

	it('uses none of the old names', () => {
		const names = properties.map((property) => property.displayName);
		for (const old of [
			'Binary Property',
			'Binary Field(s)',
			'Output Binary Field',
			'Put Output in Field',
		]) {
			expect(names.filter((name) => name.endsWith(old))).toEqual([]);
		}
	});
});

describe('Sync Dub', () => {
	const properties = allProperties(new SyncDub().description.properties);

	it('calls its only binary input "Input Binary Field"', () => {
		const input = properties.find((property) => property.name === 'videoBinaryProperty');
		expect(input?.displayName).toBe('Input Binary Field');
	});

	it('says "one or more languages" and shows the limit of 20', () => {
		expect(new SyncDub().description.description).toMatch(/one or more languages/);
		const targets = properties.find(
			(property) => property.name === 'targetLanguage' && property.type === 'multiOptions',
		);
		expect(targets?.description).toMatch(/^One or more languages .*at most 20 per item/);
	});
});
