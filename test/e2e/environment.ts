import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

import { CONTEXT_ENV, readContextData } from './lib/context';
import { tailFile } from './lib/processes';

/** Default per-test timeout: e2e tests start executions, restart n8n, wait for webhooks. */
const DEFAULT_TEST_TIMEOUT_MS = 120_000;

/**
 * Node test environment for e2e tests:
 * - prints the tail of the n8n (and emulator) log when a test or hook fails: most e2e failures
 *   are explained there, not in the assertion;
 * - raises the per-test timeout (jest reads `testTimeout` only from the root config, and the unit
 *   tests keep the short default). `testEnvironmentOptions.testTimeout` overrides it; a file's own
 *   `jest.setTimeout()` still wins.
 */
export default class E2eEnvironment extends TestEnvironment {
	constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
		super(config, context);
		const configured = Number(config.projectConfig.testEnvironmentOptions?.testTimeout);
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
		const contextFile = process.env[CONTEXT_ENV];
		if (!contextFile) return [];
		const data = readContextData(contextFile);
		const logs: string[] = [];
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
