import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

import { CONTEXT_ENV, contextEnvOf, readContextData } from './lib/context';
import { tailFile } from './lib/processes';
import { TARGET_ENV } from './lib/targets';

/** Default per-test timeout: e2e tests start executions, restart n8n, wait for webhooks. */
const DEFAULT_TEST_TIMEOUT_MS = 120_000;

/**
 * Node test environment for e2e tests:
 * - connects the test files to the n8n of their project's target
 *   (`testEnvironmentOptions.e2eTarget`): sets N8N_E2E_CONTEXT, which getE2eContext() reads, to
 *   the context file that target's global setup wrote, and N8N_E2E_TARGET to the target's name;
 * - prints the tail of the n8n (and emulator) log when a test or hook fails: most e2e failures
 *   are explained there, not in the assertion (`failureLogs`, which other setups override);
 * - raises the per-test timeout (jest reads `testTimeout` only from the root config, and the unit
 *   tests keep the short default). `testEnvironmentOptions.testTimeout` overrides it; a file's own
 *   `jest.setTimeout()` still wins.
 */
export default class E2eEnvironment extends TestEnvironment {
	protected readonly contextFile: string | undefined;

	constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
		super(config, context);
		const options = config.projectConfig.testEnvironmentOptions ?? {};
		const target = typeof options.e2eTarget === 'string' ? options.e2eTarget : undefined;
		// Without a target (a project with its own global setup), N8N_E2E_CONTEXT as that set it.
		this.contextFile = target
			? process.env[contextEnvOf({ name: target })]
			: process.env[CONTEXT_ENV];
		// The test files' process.env is jest's copy: this changes it for this file only.
		const testEnv = this.global.process.env;
		if (this.contextFile) testEnv[CONTEXT_ENV] = this.contextFile;
		if (target) testEnv[TARGET_ENV] = target;
		const configured = Number(options.testTimeout);
		// What jest.setTimeout() sets; jest-circus reads it when the run starts.
		this.global[Symbol.for('TEST_TIMEOUT_SYMBOL') as unknown as string] =
			configured > 0 ? configured : DEFAULT_TEST_TIMEOUT_MS;
	}

	handleTestEvent(event: Circus.Event): void {
		if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
		let logs: string[];
		try {
			logs = this.failureLogs();
		} catch {
			return; // No context yet: nothing to show.
		}
		if (logs.length === 0) return;
		const title = event.name === 'test_fn_failure' ? event.test.name : `${event.hook.type} hook`;
		process.stderr.write(`${[`\n[e2e] "${title}" failed.`, ...logs].join('\n')}\n`);
	}

	/** Log tails that explain a failure: n8n's and the emulator's ([] before global setup ran). */
	protected failureLogs(): string[] {
		if (!this.contextFile) return [];
		const data = readContextData(this.contextFile);
		const logs = [`(${data.target.label})`];
		if (data.n8n) {
			logs.push(
				`--- n8n log (${data.n8n.logFile}), last lines:\n${tailFile(data.n8n.logFile, 60)}`,
			);
		}
		if (data.emulator) {
			logs.push(
				`--- emulator log (${data.emulator.logFile}), last lines:\n${tailFile(data.emulator.logFile, 15)}`,
			);
		}
		return logs;
	}
}
