import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { RESULT_PREFIX, type ChildResult, type ChildSpec } from './types';

const ROOT = join(__dirname, '..');
const CHILD = join(__dirname, 'child.ts');
const CHILD_TIMEOUT_MS = 180_000;

/** Runs one measurement in a fresh `node --expose-gc --import tsx` process and parses its report. */
export async function runChild(spec: ChildSpec): Promise<ChildResult> {
	const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, JSON.stringify(spec)], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
	const code = await new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	}).finally(() => clearTimeout(timer));

	const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
	if (!line) {
		throw new Error(
			`Bench child for ${spec.kind} exited with ${code} without a result.\n${stderr.slice(-4000)}`,
		);
	}
	return JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult;
}
