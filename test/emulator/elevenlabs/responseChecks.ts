import { callVideoToMusic, type ElevenLabsTestServer, type VideoToMusicCall } from './testServer';

/** Expectations on video-to-music answers, shared by the ElevenLabs tests. */

/** One item of a 422 schema-error array. */
export interface SchemaErrorItem {
	type: string;
	loc: Array<string | number>;
	msg: string;
	input: unknown;
	ctx?: Record<string, unknown>;
}

/** Sends the call and expects a 422 schema-error array; returns its items. */
export async function schemaErrors(
	server: ElevenLabsTestServer,
	call: VideoToMusicCall,
): Promise<SchemaErrorItem[]> {
	const generationsBefore = server.counters.musicGenerations;
	const response = await callVideoToMusic(server, call);
	expect(response.status).toBe(422);
	expect(response.headers.get('content-type')).toBe('application/json');
	expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
	const body = (await response.json()) as { detail: SchemaErrorItem[] };
	expect(Array.isArray(body.detail)).toBe(true);
	expect(server.counters.musicGenerations).toBe(generationsBefore);
	return body.detail;
}

/** Sends the call and expects a 422 custom error object; returns its detail. */
export async function customError(
	server: ElevenLabsTestServer,
	call: VideoToMusicCall,
): Promise<Record<string, unknown>> {
	const response = await callVideoToMusic(server, call);
	expect(response.status).toBe(422);
	expect(response.headers.get('content-type')).toBe('application/json');
	const body = (await response.json()) as { detail: Record<string, unknown> };
	expect(Array.isArray(body.detail)).toBe(false);
	return body.detail;
}

export async function expectOk(
	server: ElevenLabsTestServer,
	call: VideoToMusicCall,
): Promise<void> {
	const response = await callVideoToMusic(server, call);
	const text = response.status === 200 ? '' : await response.text();
	expect(`${response.status} ${text}`).toBe('200 ');
	await response.arrayBuffer();
}

/** Sends the call and returns its JSON error: status, detail and headers. */
export async function errorOf(
	server: ElevenLabsTestServer,
	call: VideoToMusicCall,
): Promise<{ status: number; detail: Record<string, unknown>; headers: Headers }> {
	const response = await callVideoToMusic(server, call);
	expect(response.headers.get('content-type')).toBe('application/json');
	const body = (await response.json()) as { detail: Record<string, unknown> };
	return { status: response.status, detail: body.detail, headers: response.headers };
}
