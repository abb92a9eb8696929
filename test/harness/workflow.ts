import {
	NodeHelpers,
	UnexpectedError,
	Workflow,
	type IDataObject,
	type INode,
	type INodeCredentials,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type ExecutionStatus,
} from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import type { HarnessCredentialsHelper } from './credentials';

/** Node types are registered under this package, like an installed community node. */
export const PACKAGE_NAME = 'n8n-nodes-video-dub';

export interface NodeSetup {
	nodeType: INodeType | IVersionedNodeType;
	/** Parameters as the user set them in the editor; n8n fills in every default. */
	parameters?: INodeParameters;
	/** Credential type names the node has credentials selected for. */
	credentialTypes?: string[];
	nodeName?: string;
	nodeId?: string;
	typeVersion?: number;
	/**
	 * Node setting "On Error": `true` is "Continue (using regular output)", `'errorOutput'` is
	 * "Continue (using error output)".
	 */
	continueOnFail?: boolean | 'errorOutput';
}

export function nodeTypeName(nodeType: INodeType | IVersionedNodeType): string {
	return `${PACKAGE_NAME}.${nodeType.description.name}`;
}

function defaultVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** The INode a user would get after dropping the node on the canvas and filling it in. */
export function createNode(setup: NodeSetup): INode {
	const { nodeType } = setup;
	const credentials: INodeCredentials = {};
	for (const type of setup.credentialTypes ?? []) {
		credentials[type] = { id: `harness-${type}`, name: `${type} (harness)` };
	}
	const concrete = NodeHelpers.getVersionedNodeType(nodeType, setup.typeVersion);
	return {
		id: setup.nodeId ?? randomUUID(),
		name: setup.nodeName ?? concrete.description.defaults.name ?? nodeType.description.displayName,
		type: nodeTypeName(nodeType),
		typeVersion: setup.typeVersion ?? defaultVersion(nodeType),
		position: [0, 0],
		parameters: structuredClone(setup.parameters ?? {}),
		credentials,
		...(concrete.description.webhooks?.length ? { webhookId: randomUUID() } : {}),
		...(setup.continueOnFail
			? {
					onError:
						setup.continueOnFail === 'errorOutput'
							? ('continueErrorOutput' as const)
							: ('continueRegularOutput' as const),
				}
			: {}),
	};
}

export function createNodeTypes(nodeType: INodeType | IVersionedNodeType): INodeTypes {
	const name = nodeTypeName(nodeType);
	const byName = (requested: string) => {
		if (requested !== name) throw new UnexpectedError(`Unknown node type "${requested}"`);
		return nodeType;
	};
	return {
		getByName: byName,
		getByNameAndVersion: (requested, version) =>
			NodeHelpers.getVersionedNodeType(byName(requested), version),
		getKnownTypes: () => ({}),
	};
}

/**
 * A one-node workflow. The Workflow constructor fills in parameter defaults exactly as n8n does
 * (`NodeHelpers.getNodeParameters(properties, parameters, true, false, node, description)`).
 * `staticData` is what n8n would have saved with the workflow after the previous run.
 */
export function createWorkflow(
	id: string,
	node: INode,
	nodeType: INodeType | IVersionedNodeType,
	staticData: IDataObject,
): Workflow {
	return new Workflow({
		id,
		name: 'Node harness workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: createNodeTypes(nodeType),
		staticData: structuredClone(staticData),
		settings: { executionOrder: 'v1' },
	});
}

/** What n8n saves of the static data after a run (a JSON copy, without the change markers). */
export function savedStaticData(workflow: Workflow): IDataObject {
	return JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
}

export interface AdditionalDataOptions {
	/** Undefined while a trigger's webhook() runs: n8n creates the execution afterwards. */
	executionId?: string;
	credentialsHelper: HarnessCredentialsHelper;
	/** Instance base URL with a trailing slash, e.g. http://127.0.0.1:4321/ */
	baseUrl: string;
	onStatus?: (status: ExecutionStatus) => void;
}

/** The URLs follow n8n's defaults (`/webhook`, `/webhook-waiting`, `/rest`, ...). */
export function createAdditionalData(
	options: AdditionalDataOptions,
): IWorkflowExecuteAdditionalData {
	const { baseUrl } = options;
	const unsupported = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not supported by the node harness`);
	};
	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: options.credentialsHelper,
		executionId: options.executionId,
		currentNodeExecutionIndex: 0,
		instanceBaseUrl: baseUrl,
		restApiUrl: `${baseUrl}rest`,
		webhookBaseUrl: `${baseUrl}webhook`,
		webhookWaitingBaseUrl: `${baseUrl}webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}webhook-test`,
		formWaitingBaseUrl: `${baseUrl}form-waiting`,
		variables: {},
		setExecutionStatus: options.onStatus,
		logAiEvent: () => {},
		executeWorkflow: unsupported('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		startRunnerTask: unsupported('Task runners'),
	};
	return additionalData as IWorkflowExecuteAdditionalData;
}
