// The description an AI agent reads about each of our action nodes used as a tool: n8n uses the
// node's own `toolDescription` parameter (n8n-workflow `getToolDescriptionForNode`) when the node
// declares one, shown only in the tool variant (`@tool`). The e2e test aiAgent.e2e.test.ts checks
// the text the model receives in a real n8n.
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { LipsyncGeneration } from '../../nodes/LipsyncGeneration/LipsyncGeneration.node';
import { SyncDub } from '../../nodes/SyncDub/SyncDub.node';
import { VideoToMusic } from '../../nodes/VideoToMusic/VideoToMusic.node';

/** The tool variant's description as n8n derives it (name + "Tool"; see n8n's ai-tools.ts). */
function toolVariant(node: INodeType) {
	return { ...node.description, name: `${node.description.name}Tool` };
}

/** The description n8n hands the agent for a tool node with these (user-set) parameters. */
function agentReads(node: INodeType, parameters: Record<string, unknown>, typeVersion = 1): string {
	const description = toolVariant(node);
	const workflowNode = {
		id: 'tool',
		name: 'Tool',
		type: `pkg.${description.name}`,
		typeVersion,
		position: [0, 0] as [number, number],
		parameters: parameters as never,
	};
	// As n8n's Workflow does on load: every parameter its defaults, in the tool variant.
	workflowNode.parameters = NodeHelpers.getNodeParameters(
		description.properties,
		workflowNode.parameters,
		true,
		false,
		workflowNode,
		description,
	) as never;
	return NodeHelpers.getToolDescriptionForNode(workflowNode, { description } as INodeType);
}

const toolDescriptions = (node: INodeType): INodeProperties[] =>
	node.description.properties.filter((property) => property.name === 'toolDescription');

describe('tool descriptions', () => {
	it.each([
		['Sync Dub', new SyncDub(), {}, 1.1, /^Dubs a video into one or more languages .*outputUrl/],
		[
			'Lipsync Generation create',
			new LipsyncGeneration(),
			{},
			1,
			/^Lip-syncs a video .*status PENDING.*id/,
		],
		[
			'Lipsync Generation get',
			new LipsyncGeneration(),
			{ operation: 'get' },
			1,
			/^Gets a Sync Labs generation .*by its id.*outputUrl/,
		],
		[
			'Lipsync Generation list',
			new LipsyncGeneration(),
			{ operation: 'list' },
			1,
			/^Get many generations: List generations/,
		],
		[
			'Video To Music',
			new VideoToMusic(),
			{},
			1,
			/^Composes a soundtrack .*fileName.*outputFormat.*bytes.*durationSeconds/,
		],
	])(
		'%s: the agent reads what the tool does, needs and returns',
		(_, node, parameters, version, text) => {
			expect(agentReads(node, parameters, version)).toMatch(text);
		},
	);

	it('a text the user wrote in the tool panel wins', () => {
		expect(agentReads(new SyncDub(), { toolDescription: 'My own words' }, 1.1)).toBe(
			'My own words',
		);
	});

	it.each([new SyncDub(), new LipsyncGeneration(), new VideoToMusic()])(
		'$description.displayName: one per operation, shown only in the tool variant',
		(node) => {
			const operations = node.description.properties
				.filter((property) => property.name === 'operation')
				.flatMap((property) =>
					(property.displayOptions?.show?.resource as string[]).flatMap((resource) =>
						(property.options as Array<{ value: string }>).map(
							({ value }) => `${resource}:${value}`,
						),
					),
				);
			const described = toolDescriptions(node).map((property) => {
				expect(property.displayOptions?.show?.['@tool']).toEqual([true]);
				const { resource, operation } = property.displayOptions!.show as Record<string, string[]>;
				return `${resource[0]}:${operation[0]}`;
			});
			expect(described.sort()).toEqual(operations.sort());
			// Not in the node itself: its parameters get no description.
			expect(
				NodeHelpers.getNodeParameters(
					node.description.properties,
					{},
					true,
					false,
					null,
					node.description,
				),
			).not.toHaveProperty('toolDescription');
		},
	);
});
