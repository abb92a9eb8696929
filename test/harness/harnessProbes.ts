/** Test-only credential and nodes for the harness tests. */
import {
	NodeApiError,
	NodeConnectionTypes,
	type IAuthenticateGeneric,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type JsonObject,
} from 'n8n-workflow';
import { createHmac } from 'node:crypto';

// ---- test-only credential and nodes ----------------------------------------------------------

export class ProbeApi implements ICredentialType {
	name = 'probeApi';

	displayName = 'Probe API';

	properties = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string' as const, default: '' },
		{ displayName: 'Secret', name: 'webhookSecret', type: 'string' as const, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string' as const, default: 'http://x' },
		{ displayName: 'Region', name: 'region', type: 'string' as const, default: 'eu' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'x-probe-key': '={{$credentials.apiKey}}' },
			qs: { region: '={{$credentials.region}}' },
		},
	};
}

/** Inverts every byte; a streaming stand-in for a vendor that processes a file. */
export const invert = (buffer: Buffer) => Buffer.from(buffer.map((byte) => byte ^ 0xff));

export class ProbeNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: [1, 2],
		description: 'Test-only node for the harness',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'probeApi', displayOptions: { show: { credentialType: ['probeApi'] } } },
			{
				name: 'videoDubSyncLabsApi',
				displayOptions: { show: { credentialType: ['videoDubSyncLabsApi'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '={{ $nodeId }}',
				restartWebhook: true,
				isFullPath: true,
			},
		],
		properties: [
			{
				displayName: 'Credential Type',
				name: 'credentialType',
				type: 'options',
				options: [
					{ name: 'Probe', value: 'probeApi' },
					{ name: 'Sync', value: 'videoDubSyncLabsApi' },
				],
				default: 'probeApi',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				options: [
					{ name: 'Request', value: 'request' },
					{ name: 'Binary', value: 'binary' },
					{ name: 'Wait', value: 'wait' },
				],
				default: 'request',
			},
			{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
			{ displayName: 'Greeting', name: 'greeting', type: 'string', default: 'hello' },
			{ displayName: 'Signed Resume', name: 'signedResume', type: 'boolean', default: false },
			{
				displayName: 'Binary Property',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				displayOptions: { show: { operation: ['binary'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentialType = this.getNodeParameter('credentialType', 0) as string;
		const { baseUrl } = await this.getCredentials(credentialType);
		const operation = this.getNodeParameter('operation', 0) as string;

		if (operation === 'wait') {
			if (this.getNodeParameter('signedResume', 0)) this.setSignatureValidationRequired();
			const resumeUrl = this.getSignedResumeUrl();
			const legacyResumeUrl = this.evaluateExpression('{{ $execution.resumeUrl }}', 0);
			await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
				method: 'POST',
				url: `${baseUrl}/jobs`,
				body: { callbackUrl: resumeUrl },
				json: true,
			});
			await this.putExecutionToWait(new Date(Date.now() + 60_000));
			return [[{ json: { resumeUrl, legacyResumeUrl } }]];
		}

		const returnData: INodeExecutionData[] = [];
		for (const [i] of this.getInputData().entries()) {
			try {
				if (operation === 'request') {
					const path = this.getNodeParameter('path', i) as string;
					const response = (await this.helpers.httpRequestWithAuthentication.call(
						this,
						credentialType,
						{ method: 'GET', url: `${baseUrl}${path}`, json: true },
					)) as IDataObject;
					this.logger.info(`Requested ${path}`);
					returnData.push({
						json: {
							greeting: this.getNodeParameter('greeting', i),
							response,
							executionId: this.getExecutionId(),
							mode: this.getMode(),
							instanceBaseUrl: this.getInstanceBaseUrl(),
						},
						pairedItem: { item: i },
					});
				} else {
					const property = this.getNodeParameter('binaryPropertyName', i) as string;
					const input = this.helpers.assertBinaryData(i, property);
					const body = input.id
						? await this.helpers.getBinaryStream(input.id, 64 * 1024)
						: await this.helpers.getBinaryDataBuffer(i, property);
					const response = await this.helpers.httpRequestWithAuthentication.call(
						this,
						credentialType,
						{
							method: 'POST',
							url: `${baseUrl}/invert`,
							body,
							headers: { 'Content-Type': input.mimeType },
							encoding: 'stream',
							returnFullResponse: true,
						},
					);
					const output = await this.helpers.prepareBinaryData(
						response.body,
						'inverted.bin',
						response.headers['content-type'] as string,
					);
					returnData.push({
						json: { streamedInput: Boolean(input.id) },
						binary: { data: output },
						pairedItem: { item: i },
					});
				}
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				if (error instanceof NodeApiError) throw error;
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [returnData];
	}

	/** Resume webhook: only a finished job continues the execution. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData();
		if (body.status !== 'COMPLETED') return { webhookResponse: { ignored: body.status } };
		return {
			workflowData: [
				[
					{
						json: {
							...body,
							rawBody: this.getRequestObject().rawBody.toString('utf8'),
							query: this.getQueryData() as IDataObject,
							inputName: this.evaluateExpression('{{ $json.name }}', 0) as string,
						},
					},
				],
			],
		};
	}
}

export class ProbeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe Trigger',
		name: 'probeTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test-only trigger for the harness',
		defaults: { name: 'Probe Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'probeApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [{ displayName: 'Label', name: 'label', type: 'string', default: 'probe' }],
	};

	webhookMethods = {
		default: {
			checkExists: async () => true,
			create: async () => true,
			delete: async () => true,
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const { webhookSecret } = await this.getCredentials('probeApi');
		const request = this.getRequestObject();
		const expected = createHmac('sha256', webhookSecret as string)
			.update(request.rawBody)
			.digest('hex');
		if (this.getHeaderData()['x-signature'] !== expected) {
			this.getResponseObject().status(401).json({ error: 'invalid signature' });
			return { noWebhookResponse: true };
		}

		const body = this.getBodyData() as { id: string };
		const seen = this.getWorkflowStaticData('node') as { ids?: string[] };
		seen.ids ??= [];
		if (seen.ids.includes(body.id)) return { webhookResponse: { duplicate: body.id } };
		seen.ids = [...seen.ids, body.id];

		const file = await this.helpers.prepareBinaryData(Buffer.from(`file of ${body.id}`), 'f.txt');
		return {
			webhookResponse: { accepted: body.id },
			workflowData: [
				[{ json: { ...body, label: this.getNodeParameter('label') }, binary: { file } }],
			],
		};
	}
}

// ---- a tiny vendor API -----------------------------------------------------------------------
