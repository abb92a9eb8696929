// A scripted OpenAI-compatible server for n8n's OpenAI Chat Model in the e2e tests: the AI Agent's
// first request gets a tool call, the request after the tool has answered gets a text answer. It
// speaks Chat Completions (`POST /v1/chat/completions`, streamed as server-sent events or not),
// the Responses API (`POST /v1/responses`, the same two turns) and `GET /v1/models`, and records
// every request so that a test can read what the model was told (tools, tool results).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the model does on its first turn: call `tool` (the name n8n exposes) with `arguments`. */
export interface ToolCallPlan {
	/** The tool's name as n8n sends it in `tools`; a RegExp picks the first tool that matches. */
	tool: string | RegExp;
	arguments: Record<string, unknown>;
	/** The text of the second turn (after the tool answered). */
	answer?: string;
}

export interface RecordedModelRequest {
	method: string;
	path: string;
	body: Record<string, unknown>;
}

export interface ScriptedOpenAi {
	/** Base URL to put into the `openAiApi` credential, e.g. http://127.0.0.1:40001/v1 */
	baseUrl: string;
	requests: RecordedModelRequest[];
	/** Sets what the model does from now on and forgets the requests recorded so far. */
	plan(plan: ToolCallPlan): void;
	/** Names of the tools offered in the last model request. */
	offeredTools(): Array<{ name: string; description: string; parameters: unknown }>;
	/** The tool results the model received (content of `role: tool` / `function_call_output`). */
	toolResults(): string[];
	close(): Promise<void>;
}

const MODEL = 'gpt-4o-mini';

type Message = { role?: string; content?: unknown; type?: string; output?: unknown };
type ToolSpec = {
	type?: string;
	name?: string;
	description?: string;
	parameters?: unknown;
	function?: { name: string; description?: string; parameters?: unknown };
};

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Tools of a request, in both APIs' spellings. */
function toolsOf(body: Record<string, unknown>) {
	return ((body.tools as ToolSpec[] | undefined) ?? []).map((tool) => ({
		name: tool.function?.name ?? tool.name ?? '',
		description: tool.function?.description ?? tool.description ?? '',
		parameters: tool.function?.parameters ?? tool.parameters,
	}));
}

/** The tool results in a request's conversation (Chat Completions `messages` or Responses `input`). */
function toolResultsOf(body: Record<string, unknown>): string[] {
	const messages = ((body.messages ?? body.input) as Message[] | string | undefined) ?? [];
	if (typeof messages === 'string') return [];
	return messages
		.filter((message) => message.role === 'tool' || message.type === 'function_call_output')
		.map((message) => asText(message.role === 'tool' ? message.content : message.output));
}

function chooseTool(plan: ToolCallPlan, body: Record<string, unknown>): string {
	const names = toolsOf(body).map((tool) => tool.name);
	const match = names.find((name) =>
		typeof plan.tool === 'string' ? name === plan.tool : plan.tool.test(name),
	);
	if (!match) throw new Error(`no offered tool matches ${String(plan.tool)} (offered: ${names})`);
	return match;
}

type Turn = { text: string } | { call: { id: string; name: string; arguments: string } };

function nextTurn(plan: ToolCallPlan | undefined, body: Record<string, unknown>): Turn {
	if (!plan) return { text: 'No plan was set for this test.' };
	if (toolResultsOf(body).length > 0) return { text: plan.answer ?? 'Done.' };
	const name = chooseTool(plan, body);
	return {
		call: {
			id: `call_${randomUUID().slice(0, 8)}`,
			name,
			arguments: JSON.stringify(plan.arguments),
		},
	};
}

function sendSse(res: ServerResponse, events: Array<{ event?: string; data: unknown }>): void {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	for (const { event, data } of events) {
		if (event) res.write(`event: ${event}\n`);
		res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
	}
	res.end();
}

function chatCompletion(res: ServerResponse, body: Record<string, unknown>, turn: Turn): void {
	const id = `chatcmpl-${randomUUID().slice(0, 12)}`;
	const created = Math.floor(Date.now() / 1000);
	const toolCalls =
		'call' in turn
			? [
					{
						id: turn.call.id,
						type: 'function',
						function: { name: turn.call.name, arguments: turn.call.arguments },
					},
				]
			: undefined;
	const message = {
		role: 'assistant',
		content: 'text' in turn ? turn.text : null,
		tool_calls: toolCalls,
	};
	const finish = toolCalls ? 'tool_calls' : 'stop';
	const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
	if (body.stream !== true) {
		const choice = { index: 0, message, logprobs: null, finish_reason: finish };
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				id,
				object: 'chat.completion',
				created,
				model: MODEL,
				choices: [choice],
				usage,
			}),
		);
		return;
	}
	const chunk = (delta: unknown, finishReason: string | null, extra: object = {}) => ({
		data: {
			id,
			object: 'chat.completion.chunk',
			created,
			model: MODEL,
			choices: [{ index: 0, delta, finish_reason: finishReason }],
			...extra,
		},
	});
	const delta = toolCalls
		? {
				role: 'assistant',
				content: null,
				tool_calls: toolCalls.map((call, index) => ({ index, ...call })),
			}
		: { role: 'assistant', content: message.content };
	const events: Array<{ data: unknown }> = [chunk(delta, null), chunk({}, finish)];
	const options = body.stream_options as { include_usage?: boolean } | undefined;
	if (options?.include_usage)
		events.push({
			data: { id, object: 'chat.completion.chunk', created, model: MODEL, choices: [], usage },
		});
	sendSse(res, [...events, { data: '[DONE]' }]);
}

function response(res: ServerResponse, body: Record<string, unknown>, turn: Turn): void {
	const id = `resp_${randomUUID().slice(0, 12)}`;
	const item =
		'call' in turn
			? {
					type: 'function_call',
					id: `fc_${turn.call.id}`,
					call_id: turn.call.id,
					name: turn.call.name,
					arguments: turn.call.arguments,
					status: 'completed',
				}
			: {
					type: 'message',
					id: `msg_${id}`,
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text: turn.text, annotations: [] }],
				};
	const usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15 };
	const done = {
		id,
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		model: MODEL,
		output: [item],
		usage,
	};
	if (body.stream !== true) {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(done));
		return;
	}
	const started = { ...done, status: 'in_progress', output: [] };
	sendSse(res, [
		{ event: 'response.created', data: { type: 'response.created', response: started } },
		{
			event: 'response.output_item.added',
			data: { type: 'response.output_item.added', output_index: 0, item },
		},
		{
			event: 'response.output_item.done',
			data: { type: 'response.output_item.done', output_index: 0, item },
		},
		{ event: 'response.completed', data: { type: 'response.completed', response: done } },
	]);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Starts the server on a free 127.0.0.1 port. */
export async function startScriptedOpenAi(): Promise<ScriptedOpenAi> {
	const requests: RecordedModelRequest[] = [];
	let current: ToolCallPlan | undefined;
	const server = createServer((req, res) => {
		void (async () => {
			const path = (req.url ?? '').split('?')[0];
			const body = req.method === 'POST' ? await readJson(req) : {};
			requests.push({ method: req.method ?? '', path, body });
			if (req.method === 'GET' && path === '/v1/models') {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						object: 'list',
						data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'e2e' }],
					}),
				);
			} else if (req.method === 'POST' && path === '/v1/chat/completions') {
				chatCompletion(res, body, nextTurn(current, body));
			} else if (req.method === 'POST' && path === '/v1/responses') {
				response(res, body, nextTurn(current, body));
			} else {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
			}
		})().catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { message: error.message } }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const modelCalls = () => requests.filter((request) => request.method === 'POST');
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		plan(plan) {
			current = plan;
			requests.length = 0;
		},
		offeredTools: () => toolsOf(modelCalls().at(-1)?.body ?? {}),
		toolResults: () => modelCalls().flatMap((request) => toolResultsOf(request.body)),
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
