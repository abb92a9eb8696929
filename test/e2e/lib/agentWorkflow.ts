// A workflow in which n8n's own AI Agent uses our nodes as tools: Manual Trigger -> AI Agent, with
// n8n's OpenAI Chat Model (credential `openAiApi` pointed at a local OpenAI-compatible server) as
// its language model and the tool nodes on its `ai_tool` input.
import { randomUUID } from 'node:crypto';

import type { E2eContext } from './context';
import type { WorkflowJson } from './n8nInstance';
import { createCredential } from './runs';
import type { WorkflowNodeSpec } from './workflows';
import { MANUAL_TRIGGER_NAME } from './workflows';

export const AGENT_NAME = 'AI Agent';
export const CHAT_MODEL_NAME = 'OpenAI Chat Model';
export const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
export const CHAT_MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
/** The AI Agent version both n8n versions run (2.8.4 and 2.41.3 have 1 to 3.1). */
export const AGENT_VERSION = 3.1;

export type CredentialRef = { id: string; name: string };

/** Creates an `openAiApi` credential (REST, as the editor does) whose base URL is `baseUrl`. */
export async function createOpenAiCredential(
	ctx: E2eContext,
	baseUrl: string,
): Promise<CredentialRef> {
	return await createCredential(ctx, {
		name: `Scripted OpenAI ${randomUUID().slice(0, 8)}`,
		type: 'openAiApi',
		data: { apiKey: 'sk-e2e-scripted', url: baseUrl },
	});
}

export interface AgentWorkflowSpec {
	/** The user's request to the agent (the AI Agent's "define below" prompt). */
	prompt: string;
	openAiCredential: CredentialRef;
	/** Our nodes on the agent's tool input (types ending in `Tool`). */
	tools: WorkflowNodeSpec[];
	/**
	 * OpenAI Chat Model version: 1.3 talks to the Responses API (`/v1/responses`) by default,
	 * earlier versions to Chat Completions.
	 */
	modelVersion?: number;
}

/** A `$fromAI()` expression, as n8n's editor writes it for a tool parameter. */
export const fromAi = (key: string, description: string, type = 'string') =>
	`={{ $fromAI('${key}', \`${description}\`, '${type}') }}`;

export function agentWorkflow(id: string, name: string, spec: AgentWorkflowSpec): WorkflowJson {
	const nodes: WorkflowNodeSpec[] = [
		{
			name: MANUAL_TRIGGER_NAME,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			parameters: {},
		},
		{
			name: AGENT_NAME,
			type: AGENT_TYPE,
			typeVersion: AGENT_VERSION,
			parameters: { promptType: 'define', text: spec.prompt, options: {} },
		},
		{
			name: CHAT_MODEL_NAME,
			type: CHAT_MODEL_TYPE,
			typeVersion: spec.modelVersion ?? 1.2,
			parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
			credentials: { openAiApi: spec.openAiCredential },
		},
		...spec.tools,
	];
	const link = (node: string, type: string) => ({ node, type, index: 0 });
	const connections: Record<string, Record<string, unknown[][]>> = {
		[MANUAL_TRIGGER_NAME]: { main: [[link(AGENT_NAME, 'main')]] },
		[CHAT_MODEL_NAME]: { ai_languageModel: [[link(AGENT_NAME, 'ai_languageModel')]] },
	};
	for (const tool of spec.tools)
		connections[tool.name] = { ai_tool: [[link(AGENT_NAME, 'ai_tool')]] };
	return {
		id,
		name,
		nodes: nodes.map((node, index) => ({
			id: randomUUID(),
			typeVersion: 1,
			parameters: {},
			position: [index * 220, index < 2 ? 0 : 220],
			...node,
		})),
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}
