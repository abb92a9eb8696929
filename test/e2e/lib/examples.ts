import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { WorkflowJson } from './n8nInstance';
import { repoRoot } from './paths';

/** The folder of the example workflows users import (see examples/README.md). */
export const examplesDir = path.join(repoRoot, 'examples');

/** Name of the node that holds every value a user (or a test) edits in an example. */
export const SETTINGS_NODE = 'Settings';

/** Every example workflow file, sorted by name. */
export function exampleFiles(): string[] {
	return readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/** An example workflow as stored (a fresh copy each call). */
export function loadExample(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as WorkflowJson;
}

interface Assignment {
	name: string;
	value: unknown;
	type?: string;
}

function settingsAssignments(workflow: WorkflowJson): Assignment[] {
	const node = workflow.nodes.find((candidate) => candidate.name === SETTINGS_NODE);
	const parameters = node?.parameters as
		| { assignments?: { assignments?: Assignment[] } }
		| undefined;
	const assignments = parameters?.assignments?.assignments;
	if (!assignments) throw new Error(`workflow "${workflow.name}" has no ${SETTINGS_NODE} node`);
	return assignments;
}

/** The values of an example's Settings node, by field name. */
export function exampleSettings(workflow: WorkflowJson): Record<string, unknown> {
	return Object.fromEntries(settingsAssignments(workflow).map(({ name, value }) => [name, value]));
}

/**
 * A copy of the workflow with values of its Settings node replaced by field name. An unknown name
 * throws, so that a renamed field in an example cannot be silently ignored.
 */
export function withSettings(workflow: WorkflowJson, values: Record<string, string>): WorkflowJson {
	const copy = structuredClone(workflow);
	const assignments = settingsAssignments(copy);
	for (const [name, value] of Object.entries(values)) {
		const assignment = assignments.find((candidate) => candidate.name === name);
		if (!assignment) {
			throw new Error(
				`workflow "${workflow.name}" has no setting "${name}" (has ${assignments.map((a) => a.name).join(', ')})`,
			);
		}
		assignment.value = value;
	}
	return copy;
}

/**
 * A copy under another workflow id (one n8n serves the whole e2e run, and other test files or the
 * demo may import the same example), optionally with other webhook ids for trigger nodes so that
 * two active copies do not claim the same production URL.
 */
export function asCopy(
	workflow: WorkflowJson,
	id: string,
	webhookIds: Record<string, string> = {},
): WorkflowJson {
	const copy = structuredClone(workflow);
	copy.id = id;
	for (const [nodeName, webhookId] of Object.entries(webhookIds)) {
		const node = copy.nodes.find((candidate) => candidate.name === nodeName);
		if (!node) throw new Error(`workflow "${workflow.name}" has no node "${nodeName}"`);
		node.webhookId = webhookId;
	}
	return copy;
}
