// Our action nodes as tools of n8n's own AI Agent. The agent's chat model is n8n's OpenAI Chat
// Model pointed at a scripted OpenAI-compatible server (lib/scriptedOpenAi.ts): its first answer
// calls our tool with `$fromAI()` arguments, its second answers in text. The checks read what the
// model was offered (tool name, description, argument schema), what reached the emulator, and
// what the tool handed back to the model: n8n drops binary data from tool results, so the JSON
// alone must say what was made.
import { LIPSYNC_GENERATION_TOOL_DESCRIPTIONS } from '../../nodes/LipsyncGeneration/actions/toolDescriptions';
import { SYNC_DUB_TOOL_DESCRIPTIONS } from '../../nodes/SyncDub/actions/toolDescriptions';
import { VIDEO_TO_MUSIC_TOOL_DESCRIPTIONS } from '../../nodes/VideoToMusic/actions/toolDescriptions';
import type { CredentialRef } from './lib/agentWorkflow';
import {
	AGENT_NAME,
	agentWorkflow,
	CHAT_MODEL_TYPE,
	createOpenAiCredential,
	fromAi,
} from './lib/agentWorkflow';
import { getE2eContext } from './lib/context';
import { asCopy, loadExample } from './lib/examples';
import type { WorkflowJson } from './lib/n8nInstance';
import type { WorkflowNodeSpec } from './lib/workflows';
import {
	expectSuccess,
	nodeItems,
	runInServer,
	uploadFixtureToEmulator,
	useFastEmulator,
} from './lib/runs';
import type { ScriptedOpenAi, ToolCallPlan } from './lib/scriptedOpenAi';
import { startScriptedOpenAi } from './lib/scriptedOpenAi';

const ctx = getE2eContext();
const VIDEO_URL = 'https://media.example.com/agent/interview.mp4';
const AUDIO_URL = 'https://media.example.com/agent/voice-over.mp3';

let openAi: ScriptedOpenAi;
let credential: CredentialRef;

beforeAll(async () => {
	await useFastEmulator(ctx);
	openAi = await startScriptedOpenAi();
	credential = await createOpenAiCredential(ctx, openAi.baseUrl);
});

afterAll(async () => await openAi?.close());

/** Our node as a tool of the agent: the `<node>Tool` variant n8n derives from `usableAsTool`. */
function tool(
	name: string,
	nodeName: string,
	credentialType: 'videoDubSyncLabsApi' | 'videoDubElevenLabsApi',
	parameters: Record<string, unknown>,
	typeVersion = 1,
): WorkflowNodeSpec {
	return {
		name,
		type: ctx.nodeType(`${nodeName}Tool`),
		typeVersion,
		parameters,
		credentials: ctx.credentialRef(credentialType),
	};
}

interface AgentRun {
	/** The JSON the tool handed back to the model (n8n's tool result: the items' json). */
	toolResult: Record<string, unknown>;
	/** What the model was offered as this tool. */
	offered: { name: string; description: string; parameters: unknown };
	/** The AI Agent's final answer. */
	answer: string;
}

/** The name n8n gives a tool node's tool (n8n-workflow's nodeNameToToolName). */
const toolNameOf = (nodeName: string) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

/** Runs an agent workflow; the scripted model calls the tool `toolNode` with `plan.arguments`. */
async function runAgentWorkflow(
	workflow: WorkflowJson,
	toolNode: string,
	plan: Omit<ToolCallPlan, 'tool'>,
): Promise<AgentRun> {
	const toolName = toolNameOf(toolNode);
	openAi.plan({ tool: toolName, answer: `Done with ${toolName}.`, ...plan });
	const execution = await runInServer(ctx, workflow, { timeoutMs: 90_000 });
	expectSuccess(execution);
	const modelCalls = openAi.requests.filter((request) => request.method === 'POST');
	// First turn: the prompt, answered by the tool call; second: the tool result, answered in text.
	expect(modelCalls).toHaveLength(2);
	const offered = openAi.offeredTools().find((candidate) => candidate.name === toolName);
	expect(offered).toBeDefined();
	const results = openAi.toolResults();
	expect(results).toHaveLength(1);
	const parsed = JSON.parse(results[0]) as unknown;
	// n8n hands back the items' json: one item here, as an array of one or as the object itself.
	const toolResult = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown>;
	const [agentOutput] = nodeItems(execution.data, AGENT_NAME);
	expect(agentOutput.json.output).toBe(plan.answer ?? `Done with ${toolName}.`);
	return { toolResult, offered: offered!, answer: String(agentOutput.json.output) };
}

/** Runs the agent with one tool (our node `toolNode`) and the user's `prompt`. */
async function runAgent(
	id: string,
	prompt: string,
	toolNode: WorkflowNodeSpec,
	plan: Omit<ToolCallPlan, 'tool'>,
	modelVersion?: number,
): Promise<AgentRun> {
	const workflow = agentWorkflow(id, `e2e AI Agent: ${toolNode.name}`, {
		prompt,
		openAiCredential: credential,
		tools: [toolNode],
		modelVersion,
	});
	const run = await runAgentWorkflow(workflow, toolNode.name, plan);
	expect(JSON.stringify(openAi.requests[0].body)).toContain(prompt);
	// OpenAI Chat Model 1.3 uses the Responses API by default, earlier versions Chat Completions.
	const api = modelVersion === 1.3 ? '/v1/responses' : '/v1/chat/completions';
	expect(openAi.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
		`POST ${api}`,
		`POST ${api}`,
	]);
	return run;
}

/** The argument names of a tool's schema as the model sees them. */
const argumentNames = (offered: AgentRun['offered']) =>
	Object.keys(
		(offered.parameters as { properties?: Record<string, unknown> }).properties ?? {},
	).sort();

describe(`AI Agent with our tools in ${ctx.target.label}`, () => {
	it('dubs a video with the Sync Dub tool: the model picks URL and language, gets id, status, language and output URL', async () => {
		const run = await runAgent(
			'e2eAgentDub00001',
			'Please dub my interview into Spanish.',
			tool(
				'Dub Video',
				'syncDub',
				'videoDubSyncLabsApi',
				{
					videoUrl: fromAi('videoUrl', 'Public http(s) URL of the video to dub'),
					targetLanguage: fromAi(
						'targetLanguage',
						'ISO 639-1 code of the language to dub into, e.g. es',
					),
					pollInterval: 1,
				},
				1.1,
			),
			{ arguments: { videoUrl: VIDEO_URL, targetLanguage: 'es' } },
		);
		expect(run.offered.description).toBe(SYNC_DUB_TOOL_DESCRIPTIONS['video:dub']);
		expect(argumentNames(run.offered)).toEqual(['targetLanguage', 'videoUrl']);
		expect(run.toolResult).toMatchObject({
			id: expect.any(String),
			status: 'COMPLETED',
			language: 'es',
			outputUrl: expect.stringMatching(/^https?:\/\//),
		});

		// The URL and language the model chose reached Sync.
		const generation = await ctx.emulatorAdmin.generation(run.toolResult.id);
		expect(generation.dubParams).toMatchObject({ targetLang: 'es' });
		expect(generation.input).toEqual([expect.objectContaining({ type: 'video', url: VIDEO_URL })]);
	});

	let startedId = '';

	it("starts a lip-sync with the Lipsync Generation tool (Don't Wait): the model gets the id and PENDING", async () => {
		const run = await runAgent(
			'e2eAgentLipsync1',
			'Make the presenter in my video say the voice-over.',
			tool('Start Lipsync', 'lipsyncGeneration', 'videoDubSyncLabsApi', {
				resource: 'generation',
				operation: 'create',
				videoUrl: fromAi('videoUrl', 'Public http(s) URL of the video'),
				audioUrl: fromAi('audioUrl', 'Public http(s) URL of the speech audio'),
				completion: 'none',
			}),
			{ arguments: { videoUrl: VIDEO_URL, audioUrl: AUDIO_URL } },
			1.3,
		);
		expect(run.offered.description).toBe(LIPSYNC_GENERATION_TOOL_DESCRIPTIONS['generation:create']);
		expect(argumentNames(run.offered)).toEqual(['audioUrl', 'videoUrl']);
		expect(run.toolResult).toMatchObject({
			id: expect.any(String),
			status: 'PENDING',
			outputUrl: null,
		});
		startedId = String(run.toolResult.id);

		const generation = await ctx.emulatorAdmin.generation(startedId);
		expect(generation.input).toEqual([
			expect.objectContaining({ type: 'video', url: VIDEO_URL }),
			expect.objectContaining({ type: 'audio', url: AUDIO_URL }),
		]);
	});

	it('gets that generation with the Lipsync Generation tool once it is done: status and output URL', async () => {
		expect(startedId).not.toBe('');
		// The fast emulator may have finished it already; otherwise finish it now.
		await ctx.emulatorAdmin.finishGeneration(startedId);
		expect((await ctx.emulatorAdmin.generation(startedId)).status).toBe('COMPLETED');
		const run = await runAgent(
			'e2eAgentLipsync2',
			`Is my lip-sync ${startedId} ready?`,
			tool('Get Lipsync', 'lipsyncGeneration', 'videoDubSyncLabsApi', {
				resource: 'generation',
				operation: 'get',
				generationId: fromAi('generationId', 'The id of the Sync generation'),
			}),
			{ arguments: { generationId: startedId } },
		);
		expect(run.offered.description).toBe(LIPSYNC_GENERATION_TOOL_DESCRIPTIONS['generation:get']);
		expect(argumentNames(run.offered)).toEqual(['generationId']);
		expect(run.toolResult).toMatchObject({
			id: startedId,
			status: 'COMPLETED',
			outputUrl: expect.stringMatching(/^https?:\/\//),
		});
	});

	it('composes a soundtrack with the Video To Music tool: file name, format, size and duration in the JSON', async () => {
		const videoUrl = await uploadFixtureToEmulator(ctx.emulator, 'sample-video.mp4');
		const before = await ctx.emulatorAdmin.counters();
		const run = await runAgent(
			'e2eAgentMusic001',
			'Write calm music for my video.',
			tool('Compose Soundtrack', 'videoToMusic', 'videoDubElevenLabsApi', {
				videoSource: 'url',
				videoUrls: fromAi('videoUrl', 'Public http(s) URL of the MP4 video'),
				description: fromAi('musicDescription', 'Mood, genre and instruments of the music'),
			}),
			{ arguments: { videoUrl, musicDescription: 'Calm ambient piano' } },
		);
		expect(run.offered.description).toBe(VIDEO_TO_MUSIC_TOOL_DESCRIPTIONS['soundtrack:compose']);
		expect(argumentNames(run.offered)).toEqual(['musicDescription', 'videoUrl']);
		expect(run.toolResult).toMatchObject({
			fileName: 'sample-video-soundtrack.mp3',
			mimeType: 'audio/mpeg',
			outputFormat: 'mp3_44100_128',
			bytes: expect.any(Number),
			durationSeconds: expect.any(Number),
			description: 'Calm ambient piano',
		});
		expect(run.toolResult.bytes as number).toBeGreaterThan(10_000);
		expect(run.toolResult.durationSeconds as number).toBeCloseTo(4, 0);

		// One music generation at ElevenLabs, for the video the model named.
		const after = await ctx.emulatorAdmin.counters();
		expect(after.musicGenerations - before.musicGenerations).toBe(1);
	});

	it('runs example 7 (examples/agents/) with the scripted model: the agent dubs through its Dub Video tool', async () => {
		const workflow = asCopy(loadExample('agents/07-ai-agent-localise.json'), 'e2eAgentExample1');
		const model = workflow.nodes.find((node) => node.type === CHAT_MODEL_TYPE);
		model!.credentials = { openAiApi: credential };
		const run = await runAgentWorkflow(workflow, 'Dub Video', {
			arguments: { videoUrl: VIDEO_URL, targetLanguage: 'fr' },
			answer: 'Your video is dubbed into French.',
		});
		const offered = openAi.offeredTools().map((candidate) => candidate.name);
		expect(offered.sort()).toEqual([
			'Compose_Soundtrack',
			'Dub_Video',
			'Get_Lip-Sync',
			'Start_Lip-Sync',
		]);
		expect(run.toolResult).toMatchObject({ status: 'COMPLETED', language: 'fr' });
		const generation = await ctx.emulatorAdmin.generation(run.toolResult.id);
		expect(generation.dubParams).toMatchObject({ targetLang: 'fr' });
	});
});
