import { readFileSync, writeFileSync } from 'node:fs';

import type { E2eCredentialType } from './credentials';
import { E2E_CREDENTIALS } from './credentials';
import { EmulatorAdminClient } from './emulatorAdmin';
import type { EmulatorInfo } from './emulatorProcess';
import type { N8nInstanceState } from './n8nInstance';
import { N8nInstance } from './n8nInstance';
import type { E2eTarget } from './targets';
import { Bucket } from './bucket';
import { Inbox } from './inbox';
import type { UserServicesInfo } from './userServices';

/** Environment variable naming, in a test process, the JSON file of its target's run. */
export const CONTEXT_ENV = 'N8N_E2E_CONTEXT';

/**
 * The same for one target, in the jest main process: each target's global setup sets its own,
 * and environment.ts hands the one of its project to the test files as CONTEXT_ENV.
 */
export function contextEnvOf(target: Pick<E2eTarget, 'name'>): string {
	return `${CONTEXT_ENV}_${target.name.toUpperCase()}`;
}

/** What globalSetup hands to test files (plain data: tests may run in other processes). */
export interface E2eContextData {
	/** The jest main process: n8n and the emulator die with it. */
	ownerPid: number;
	tempDir: string;
	packageName: string;
	/** The n8n and Node this run uses. */
	target: E2eTarget;
	emulator: { info: EmulatorInfo; pgid: number; logFile: string } | undefined;
	n8n: N8nInstanceState | undefined;
	/** The S3 server and mail server the examples store in and mail to. */
	services: UserServicesInfo | undefined;
}

export interface E2eContext {
	/** The shared n8n of this run (started, package installed, emulator credentials imported). */
	n8n: N8nInstance;
	/** URLs and keys of the emulator both vendors' credentials point at. */
	emulator: EmulatorInfo;
	/** The emulator's admin API (faults, outcomes, counters, webhook log, reset). */
	emulatorAdmin: EmulatorAdminClient;
	/** Fixed ids/names of the imported credentials, for workflow JSON. */
	credentials: typeof E2E_CREDENTIALS;
	/** Reference for a workflow node's `credentials` field. */
	credentialRef(type: E2eCredentialType): Record<string, { id: string; name: string }>;
	packageName: string;
	/** The n8n and Node this run uses; `target.label` names them in test titles. */
	target: E2eTarget;
	/** The local S3 bucket and mail inbox n8n's S3 and Send Email nodes use. */
	readonly bucket: Bucket;
	readonly inbox: Inbox;
	/** Full node type as n8n knows it, e.g. `n8n-nodes-video-dub.syncDub`. */
	nodeType(nodeName: string): string;
}

export function writeContextData(file: string, data: E2eContextData): void {
	writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

export function readContextData(file = process.env[CONTEXT_ENV]): E2eContextData {
	if (!file) {
		throw new Error(
			`${CONTEXT_ENV} is not set: run e2e tests through a jest e2e project (npx jest --selectProjects e2e-oldest)`,
		);
	}
	return JSON.parse(readFileSync(file, 'utf8')) as E2eContextData;
}

let cached: E2eContext | undefined;

/** Connection to the n8n and emulator started by test/e2e/globalSetup.ts. */
export function getE2eContext(): E2eContext {
	if (cached) return cached;
	const data = readContextData();
	if (!data.n8n || !data.emulator || !data.services) {
		throw new Error('e2e global setup did not complete');
	}
	cached = e2eContextFor(
		N8nInstance.attach(data.n8n),
		data.emulator.info,
		data.packageName,
		data.services,
	);
	return cached;
}

/** The context of tests that drive `n8n` with the package `packageName` against `emulator`. */
export function e2eContextFor(
	n8n: N8nInstance,
	emulator: EmulatorInfo,
	packageName: string,
	/** Absent where the run started no bucket and inbox (queue mode). */
	services?: UserServicesInfo,
): E2eContext {
	const needServices = (): UserServicesInfo => {
		if (!services) throw new Error('this e2e run started no local bucket and inbox');
		return services;
	};
	return {
		n8n,
		emulator,
		emulatorAdmin: new EmulatorAdminClient(emulator.adminUrl),
		credentials: E2E_CREDENTIALS,
		credentialRef: (type) => ({ [type]: { ...E2E_CREDENTIALS[type] } }),
		packageName,
		target: n8n.state.target,
		get bucket() {
			return new Bucket(needServices().s3);
		},
		get inbox() {
			return new Inbox(needServices().mail);
		},
		nodeType: (nodeName) => `${packageName}.${nodeName}`,
	};
}
