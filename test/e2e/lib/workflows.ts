import { randomUUID } from 'node:crypto';

import type { WorkflowJson } from './n8nInstance';

export interface WorkflowNodeSpec {
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export const MANUAL_TRIGGER_NAME = 'When clicking Execute workflow';

/**
 * A workflow `Manual Trigger -> nodes[0] -> nodes[1] -> ...` ready for importWorkflow(), runnable
 * with executeWorkflowCli() and runWorkflowViaRest(). `id` must be unique within the e2e run
 * (n8n ids are 16 characters: use a short prefix per test file).
 */
export function linearManualWorkflow(
	id: string,
	name: string,
	nodes: WorkflowNodeSpec[],
): WorkflowJson {
	const trigger: WorkflowNodeSpec = {
		name: MANUAL_TRIGGER_NAME,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		parameters: {},
	};
	const all = [trigger, ...nodes].map((node, index) => ({
		id: randomUUID(),
		typeVersion: 1,
		parameters: {},
		position: [index * 220, 0],
		...node,
	}));
	const connections: Record<string, unknown> = {};
	for (let index = 0; index < all.length - 1; index++) {
		connections[all[index].name] = {
			main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { id, name, nodes: all, connections, active: false, settings: {}, pinData: {} };
}
