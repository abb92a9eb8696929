/**
 * Test harness: runs our nodes' real code in real n8n-core 2.8 execution contexts.
 *
 *   const harness = await NodeHarness.start({ credentialTypes: [new VideoDubSyncLabsApi()] });
 *   const { output, error, waiting } = await harness.runNode({
 *   	node: new LipsyncGeneration(),
 *   	parameters: { videoUrl: 'https://…' },
 *   	items: [{ json: {}, binary: { data: await harness.binaryFromFile(path, 'video/mp4') } }],
 *   	credentials: { videoDubSyncLabsApi: { apiKey: 'sk-test', baseUrl: emulator.url } },
 *   });
 *   const bytes = await harness.readBinary(output![0][0].binary!.data);
 *   await harness.close();
 */
export { NodeHarness } from './harness';
export type {
	ListSearchOptions,
	ListenWebhookOptions,
	NodeHarnessOptions,
	RunNodeOptions,
	RunNodeResult,
	RunWebhookOptions,
	RunWebhookResult,
} from './options';
export { WebhookEndpoint } from './endpoint';
export { WaitingExecution } from './waiting';
export type { ResumeResult, WebhookCall } from './waiting';
export { HarnessCredentialsHelper } from './credentials';
export type { CredentialsByType } from './credentials';
export { inlineBinary } from './binary';
export { formatLogLines } from './log-capture';
export type { LogLine } from './log-capture';
export { sendHttp } from './server';
export type { HttpCall, HttpReply } from './server';
