import { Logger } from '@n8n/backend-common';
import { InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, InstanceSettings } from 'n8n-core';
// Not re-exported by n8n-core's index; ExecuteContext creates it (with a timer) on first use.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { LoggerProxy } from 'n8n-workflow';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CapturingLogger } from './log-capture';

/**
 * The process-wide services n8n-core looks up in its DI container while a node runs:
 * `InstanceSettings` (HMAC secret for signed resume URLs, instance id), `Logger` (`this.logger`)
 * and `BinaryDataService` (every binary helper). They are set up the way n8n's start command
 * does it, but in a temporary folder and in `filesystem` binary mode, so binary data gets ids and
 * streams like in a default n8n 2.x install.
 */
export interface HarnessEnvironment {
	rootDir: string;
	logger: CapturingLogger;
	instanceSettings: InstanceSettings;
	binaryDataService: BinaryDataService;
}

/** One logger per process: n8n-core resolves it from the container (DI singletons). */
const logger = new CapturingLogger();

let shared: { environment: Promise<HarnessEnvironment>; users: number } | undefined;

/** Harnesses in one test file share the environment; the last `release` removes its folder. */
export async function acquireEnvironment(): Promise<HarnessEnvironment> {
	if (!shared) shared = { environment: bootstrap(), users: 0 };
	shared.users++;
	return await shared.environment;
}

export async function releaseEnvironment(): Promise<void> {
	if (!shared) return;
	shared.users--;
	if (shared.users > 0) return;
	const { rootDir } = await shared.environment;
	shared = undefined;
	// Stops n8n-core's SSH idle-connection timer so the test process can exit.
	Container.get(SSHClientsManager).onShutdown();
	await rm(rootDir, { recursive: true, force: true });
}

async function bootstrap(): Promise<HarnessEnvironment> {
	const rootDir = await mkdtemp(join(tmpdir(), 'n8n-harness-'));

	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger);

	// n8n reads these from N8N_USER_FOLDER / N8N_ENCRYPTION_KEY; set them on the config directly.
	// (Only the first bootstrap in a process creates InstanceSettings from them.)
	Object.assign(Container.get(InstanceSettingsConfig), {
		n8nFolder: join(rootDir, '.n8n'),
		userHome: rootDir,
		encryptionKey: 'node-harness-encryption-key',
		enforceSettingsFilePermissions: false,
	});
	const instanceSettings = Container.get(InstanceSettings);

	const binaryDataConfig = Container.get(BinaryDataConfig);
	binaryDataConfig.mode = 'filesystem';
	binaryDataConfig.localStoragePath = join(rootDir, 'binary-data');
	const binaryDataService = Container.get(BinaryDataService);
	await binaryDataService.init();

	return { rootDir, logger, instanceSettings, binaryDataService };
}
