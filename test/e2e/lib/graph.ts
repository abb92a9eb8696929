import { randomUUID } from 'node:crypto';

import type { WorkflowJson } from './n8nInstance';
import type { WorkflowNodeSpec } from './workflows';
import { MANUAL_TRIGGER_NAME } from './workflows';

/** `[from, to]`, or `[from, to, output]` for another output than the first (e.g. 1: the error output). */
export type Edge = [from: string, to: string, output?: number];

/**
 * A workflow started by a Manual Trigger, with `edges` between named nodes: every node without an
 * incoming edge hangs off the trigger, so independent nodes form branches that n8n runs one after
 * the other in a single execution (cheaper than one workflow per case).
 */
export function manualWorkflow(
	id: string,
	name: string,
	nodes: WorkflowNodeSpec[],
	edges: Edge[] = [],
): WorkflowJson {
	const trigger: WorkflowNodeSpec = {
		name: MANUAL_TRIGGER_NAME,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		parameters: {},
	};
	const targets = new Set(edges.map(([, to]) => to));
	const triggerEdges = nodes
		.filter((node) => !targets.has(node.name))
		.map((node): Edge => [MANUAL_TRIGGER_NAME, node.name]);
	return graphWorkflow(id, name, [trigger, ...nodes], [...triggerEdges, ...edges]);
}

/**
 * A workflow of `nodes` connected by `edges`, as they are: its own trigger (e.g. a Webhook) must
 * be among the nodes.
 */
export function graphWorkflow(
	id: string,
	name: string,
	nodes: WorkflowNodeSpec[],
	edges: Edge[],
): WorkflowJson {
	const names = new Set(nodes.map((node) => node.name));
	for (const [from, to] of edges) {
		if (!names.has(from) || !names.has(to)) throw new Error(`edge ${from} -> ${to}: unknown node`);
	}
	type Connection = { node: string; type: string; index: number };
	const connections: Record<string, { main: Connection[][] }> = {};
	for (const [from, to, output = 0] of edges) {
		connections[from] ??= { main: [] };
		const outputs = connections[from].main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: 0 });
	}
	const all = nodes.map((node, index) => ({
		id: randomUUID(),
		typeVersion: 1,
		parameters: {},
		position: [index * 220, 0],
		...node,
	}));
	return {
		id,
		name,
		nodes: all,
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Read/Write Files from Disk reading `fileSelector` (a path or glob) into binary `property`. */
export function readFilesNode(
	name: string,
	fileSelector: string,
	property = 'data',
): WorkflowNodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1.1,
		parameters: {
			operation: 'read',
			fileSelector,
			options: property === 'data' ? {} : { dataPropertyName: property },
		},
	};
}

/** A Set node that outputs one item with these fields (arrays and objects kept as they are). */
export function fieldsNode(name: string, fields: Record<string, unknown>): WorkflowNodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'raw',
			jsonOutput: JSON.stringify(fields),
			options: {},
		},
	};
}

/** Split Out: one item per element of the array field `field`. */
export function splitOutNode(name: string, field: string): WorkflowNodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: field, options: {} },
	};
}

/** A node that passes its items on unchanged: a named end point for a branch. */
export function noOpNode(name: string): WorkflowNodeSpec {
	return { name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

/** How a Webhook node answers: at once, or with the last node's output once the run is done. */
export type WebhookResponse =
	| { responseMode: 'onReceived' }
	| {
			responseMode: 'lastNode';
			responseData: 'firstEntryJson' | 'allEntries' | 'firstEntryBinary';
	  };

/** A Webhook node named "Webhook" on POST `path` (production URL `/webhook/<path>`). */
export function webhookNode(path: string, response: WebhookResponse): WorkflowNodeSpec {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, options: {}, ...response },
	};
}
