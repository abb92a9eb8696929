/** The test harness: waiting executions resumed by webhooks, and webhook calls. */
import { createHmac } from 'node:crypto';

import { sendHttp } from './index';
import { ProbeNode, ProbeTrigger } from './harnessProbes';
import { jobs, harness, probeCredentials, useProbeVendor } from './probeVendor';

useProbeVendor();

describe('waiting for a resume webhook', () => {
	const startWaiting = async (signedResume = false) => {
		const result = await harness.runNode({
			node: new ProbeNode(),
			parameters: { operation: 'wait', signedResume },
			items: [{ json: { name: 'first item' } }],
			credentials: probeCredentials(),
			mode: 'trigger',
		});
		expect(result.error).toBeUndefined();
		return result;
	};

	it('pauses, then continues with what webhook() returns for the resume call', async () => {
		const result = await startWaiting();
		const waiting = result.waiting!;

		expect(result.waitTill).toBeInstanceOf(Date);
		const resumePath = `webhook-waiting/${result.executionId}/${result.node.id}`;
		expect(waiting.resumeUrl).toMatch(
			new RegExp(`^${harness.baseUrl}${resumePath}\\?signature=[0-9a-f]{64}$`),
		);
		expect(jobs[0].callbackUrl).toBe(waiting.resumeUrl);
		expect(result.output![0][0].json.legacyResumeUrl).toBe(
			`${harness.baseUrl}webhook-waiting/${result.executionId}`,
		);

		// An intermediate status is answered but leaves the execution waiting.
		const progress = await sendHttp(waiting.resumeUrl, { body: { status: 'PROCESSING' } });
		expect(progress).toMatchObject({ statusCode: 200, json: { ignored: 'PROCESSING' } });
		expect(waiting.status).toBe('waiting');

		// Method and path must match the node's restart webhook.
		expect((await sendHttp(waiting.resumeUrl, { method: 'GET' })).statusCode).toBe(404);

		const raw = '{"status":"COMPLETED",  "outputUrl":"https://cdn/x.mp4"}';
		const done = await sendHttp(`${waiting.resumeUrl}&extra=1`, {
			headers: { 'Content-Type': 'application/json' },
			body: raw,
		});
		expect(done).toMatchObject({ statusCode: 200, json: { message: 'Workflow was started' } });

		const resumed = await waiting.resumed();
		expect(resumed.timedOut).toBe(false);
		expect(resumed.output![0][0].json).toEqual({
			status: 'COMPLETED',
			outputUrl: 'https://cdn/x.mp4',
			rawBody: raw,
			query: { signature: expect.any(String), extra: '1' },
			inputName: 'first item',
		});
		expect(waiting.calls).toHaveLength(2);

		const again = await sendHttp(waiting.resumeUrl, { body: { status: 'COMPLETED' } });
		expect(again.statusCode).toBe(409);
		const unknown = await sendHttp(`${harness.baseUrl}webhook-waiting/999/x`, { body: {} });
		expect(unknown.statusCode).toBe(404);
	});

	it('checks the URL signature when the node asks for it', async () => {
		const { waiting } = await startWaiting(true);
		const unsigned = waiting!.resumeUrl.replace(/\?signature=.*/, '');
		const body = { status: 'COMPLETED' };
		expect((await sendHttp(unsigned, { body })).statusCode).toBe(401);
		expect((await sendHttp(`${unsigned}?signature=${'0'.repeat(64)}`, { body })).statusCode).toBe(
			401,
		);
		expect((await sendHttp(waiting!.resumeUrl, { body })).statusCode).toBe(200);
		expect((await waiting!.resumed()).output![0][0].json.status).toBe('COMPLETED');
	});

	it('outputs the input items unchanged when the wait times out', async () => {
		const { waiting } = await startWaiting();
		const resumed = waiting!.expire();
		expect(resumed).toEqual({ output: [[{ json: { name: 'first item' } }]], timedOut: true });
		await expect(waiting!.resumed()).resolves.toBe(resumed);
	});
});

describe('runWebhook', () => {
	const sign = (raw: string) => createHmac('sha256', 'whsec_1').update(raw).digest('hex');
	const deliver = async (raw: string, signature = sign(raw)) =>
		await harness.runWebhook({
			node: new ProbeTrigger(),
			credentials: probeCredentials(),
			request: {
				headers: { 'Content-Type': 'application/json', 'X-Signature': signature },
				body: Buffer.from(raw),
			},
		});

	it('gives webhook() the raw body and returns its result and the HTTP response', async () => {
		const raw = '{ "id": "gen-1",\n  "status": "COMPLETED" }';
		const result = await deliver(raw);

		expect(result.error).toBeUndefined();
		expect(result.rawBody!.toString('utf8')).toBe(raw);
		expect(result.statusCode).toBe(200);
		expect(result.responseJson).toEqual({ accepted: 'gen-1' });
		const [item] = result.workflowData![0];
		expect(item.json).toEqual({ id: 'gen-1', status: 'COMPLETED', label: 'probe' });
		expect((await harness.readBinary(item.binary!.file)).toString()).toBe('file of gen-1');
	});

	it('lets the node answer itself (401 on a bad signature)', async () => {
		const result = await deliver('{"id":"gen-2"}', 'forged');
		expect(result).toMatchObject({ statusCode: 401, noWebhookResponse: true });
		expect(result.responseJson).toEqual({ error: 'invalid signature' });
		expect(result.workflowData).toBeUndefined();
	});

	it('keeps workflow static data across calls', async () => {
		expect((await deliver('{"id":"gen-3"}')).workflowData).toBeDefined();
		const duplicate = await deliver('{"id":"gen-3"}');
		expect(duplicate.workflowData).toBeUndefined();
		expect(duplicate.responseJson).toEqual({ duplicate: 'gen-3' });
		expect((await deliver('{"id":"gen-4"}')).workflowData).toBeDefined();
		expect(harness.staticData).toEqual({ 'node:Probe Trigger': { ids: ['gen-3', 'gen-4'] } });
	});

	it('serves a registered trigger URL to outside callers', async () => {
		const endpoint = harness.listenWebhook({
			node: new ProbeTrigger(),
			credentials: probeCredentials(),
		});
		expect(endpoint.url).toMatch(new RegExp(`^${harness.baseUrl}webhook/[0-9a-f-]{36}/webhook$`));
		const raw = '{"id":"gen-5"}';
		const reply = await sendHttp(endpoint.url, {
			headers: { 'Content-Type': 'application/json', 'X-Signature': sign(raw) },
			body: raw,
		});
		expect(reply.statusCode).toBe(200);
		expect((await endpoint.nextCall()).workflowData![0][0].json.id).toBe('gen-5');
		endpoint.close();
		expect((await sendHttp(endpoint.url, { body: raw })).statusCode).toBe(404);
	});
});
