import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Agent-facing texts by `<resource>:<operation>`, e.g. `{ 'file:upload': '...' }`. */
export type ToolDescriptions = Record<string, string>;

/**
 * The "Description" an AI agent reads when the node is one of its tools, one per operation and
 * shown only in the tool variant (`@tool`). n8n generates the tool variant of a `usableAsTool`
 * node and, when the node declares no `toolDescription` of its own, adds one whose automatic text
 * is only "<action> in <node name>" (an operation's action, then the node's name). Declaring
 * it here replaces that by a text that says what the tool does, what it needs and what its JSON
 * returns (agents never see binary data). Operations without a text of their own get
 * "<action>: <description>.". The user can still edit it in the tool's panel.
 */
export function withToolDescriptions(
	properties: INodeProperties[],
	texts: ToolDescriptions,
): INodeProperties[] {
	const described: INodeProperties[] = [];
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		const resources = (property.displayOptions?.show?.resource ?? []) as string[];
		for (const resource of resources) {
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				const operation = String(option.value);
				const fallback = `${String(option.action ?? option.name)}: ${option.description ?? ''}.`;
				const text = texts[`${resource}:${operation}`] ?? fallback;
				described.push({
					displayName: 'Description',
					name: 'toolDescription',
					type: 'string',
					typeOptions: { rows: 4 },
					default: text,
					required: true,
					displayOptions: {
						show: { '@tool': [true], resource: [resource], operation: [operation] },
					},
					description:
						'What the AI agent reads about this tool: what it does, what it needs and what it returns',
				});
			}
		}
	}
	return [...described, ...properties];
}
