import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nInstanceState } from './n8nInstance';

/** tsc's CommonJS output reads every import of `n8n-workflow` as `n8n_workflow_<n>.<name>`. */
const N8N_WORKFLOW_ACCESS = /\bn8n_workflow_\d+\.([A-Za-z_$][\w$]*)/g;

function jsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : jsFiles(file);
		return entry.name.endsWith('.js') ? [file] : [];
	});
}

/** The `n8n-workflow` exports an installed package's code uses at run time, sorted. */
export function n8nWorkflowNamesUsed(packageDir: string): string[] {
	const names = new Set<string>();
	for (const file of jsFiles(packageDir)) {
		for (const match of readFileSync(file, 'utf8').matchAll(N8N_WORKFLOW_ACCESS)) {
			names.add(match[1]);
		}
	}
	return [...names].sort();
}

/**
 * What the `n8n-workflow` a community package gets in this n8n exports (n8n resolves the
 * package's `require('n8n-workflow')` to its own copy), read by n8n's own Node.
 */
export function n8nWorkflowExports(
	state: Pick<N8nInstanceState, 'nodeBin' | 'nodeModules'>,
): string[] {
	const script =
		"const resolved = require.resolve('n8n-workflow', { paths: [process.argv[1]] });" +
		'process.stdout.write(JSON.stringify(Object.keys(require(resolved))));';
	const n8nDir = path.join(state.nodeModules, 'n8n');
	const output = execFileSync(state.nodeBin, ['-e', script, n8nDir], { encoding: 'utf8' });
	return JSON.parse(output) as string[];
}
