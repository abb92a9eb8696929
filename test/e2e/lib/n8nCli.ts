import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nCredentialImport } from './credentials';
import { parseRunOutput } from './n8nOutput';
import { N8nProcess } from './n8nProcess';
import type { CliExecution, CliResult, WorkflowJson } from './n8nTypes';
import { processGuardScript } from './paths';
import { getFreePort, stopGroup } from './processes';

/** n8n CLI commands run next to an instance's server: imports, publication, one-shot runs. */

const CLI_TIMEOUT_MS = 120_000;

export class N8nCli extends N8nProcess {
	/**
	 * Runs one n8n CLI command next to the server (same user folder and database). It gets its own
	 * task-broker port so that it does not clash with the running `n8n start`.
	 */
	async runCli(args: string[], timeoutMs = CLI_TIMEOUT_MS): Promise<CliResult> {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await getFreePort()) });
		const result = await runGuardedCommand(
			[this.state.nodeBin, this.state.n8nBin, ...args],
			env,
			this.state.ownerPid,
			timeoutMs,
		);
		writeFileSync(
			this.state.logFile,
			`\n--- n8n ${args.join(' ')} (exit ${result.code})\n${result.stderr}${result.stdout.slice(0, 20_000)}\n`,
			{ flag: 'a' },
		);
		return result;
	}

	private async runCliChecked(args: string[]): Promise<CliResult> {
		const result = await this.runCli(args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`,
			);
		}
		return result;
	}

	private writeImportFile(kind: string, content: unknown): string {
		const dir = path.join(this.state.rootDir, 'imports');
		mkdirSync(dir, { recursive: true });
		const file = path.join(
			dir,
			`${kind}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
		);
		writeFileSync(file, JSON.stringify(content, null, 2));
		return file;
	}

	/** `n8n import:credentials`; plain `data` objects are encrypted by n8n on import. */
	async importCredentials(credentials: N8nCredentialImport[]): Promise<void> {
		const file = this.writeImportFile('credentials', credentials);
		await this.runCliChecked(['import:credentials', `--input=${file}`]);
	}

	/** `n8n import:workflow` of one or more workflows with fixed ids (imported inactive). */
	async importWorkflow(workflows: WorkflowJson | WorkflowJson[]): Promise<void> {
		const list = Array.isArray(workflows) ? workflows : [workflows];
		for (const workflow of list) {
			if (!workflow.id) throw new Error(`workflow "${workflow.name}" needs a fixed id`);
		}
		const file = this.writeImportFile('workflows', list);
		await this.runCliChecked(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n publish:workflow` (activation); takes effect at the next start: call `restart()`. (n8n
	 * 2.41 registers the webhooks of published workflows a moment after start-up.)
	 */
	async publishWorkflow(id: string): Promise<void> {
		await this.runCliChecked(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * One-shot run with `n8n execute --id --rawOutput` in a separate process (the workflow needs a
	 * Manual Trigger). Exit code 1 means a node failed; `run` is still parsed when printed.
	 */
	async executeWorkflowCli(id: string, timeoutMs = CLI_TIMEOUT_MS): Promise<CliExecution> {
		const result = await this.runCli(['execute', `--id=${id}`, '--rawOutput'], timeoutMs);
		return { ...result, run: parseRunOutput(result.stdout) };
	}
}

/** Runs a short-lived command under the guard, collecting its output, killing it on timeout. */
async function runGuardedCommand(
	command: string[],
	env: NodeJS.ProcessEnv,
	ownerPid: number,
	timeoutMs: number,
): Promise<CliResult> {
	const child = spawn(process.execPath, [processGuardScript, String(ownerPid), ...command], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const timer = setTimeout(() => {
		stderr += `\n[e2e] killed after ${timeoutMs} ms`;
		if (child.pid) void stopGroup(child.pid, 2_000);
	}, timeoutMs);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', resolve);
		});
		return { code, stdout, stderr };
	} finally {
		clearTimeout(timer);
	}
}
