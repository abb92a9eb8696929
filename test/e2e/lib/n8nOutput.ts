import path from 'node:path';

import type { N8nRun, N8nRunExecutionData } from './n8nTypes';

/** Reading what n8n prints and stores: package load problems, run output, node output items. */

/**
 * The first line of n8n's start-up output that reports a problem loading the package installed
 * in `packageDir`: an error line naming that folder (n8n 2.8: "Cannot find module '<dir>/…'") or
 * the package (n8n 2.41: `Failed to load package "<name>"`). Stack frames do not count, nor
 * other paths that merely contain the name (the n8n cache is ~/.cache/n8n-nodes-video-dub/).
 */
export function packageLoadProblem(log: string, packageDir: string): string | undefined {
	const name = path.basename(packageDir);
	const nameForms = [`"${name}"`, `'${name}'`, ` ${name} `, ` ${name}:`];
	return log
		.split('\n')
		.filter((line) => !/^\s*at /.test(line) && /error|fail|cannot/i.test(line))
		.find(
			(line) => line.includes(packageDir) || nameForms.some((form) => ` ${line} `.includes(form)),
		);
}

/** Output items (json) of a node's last run in an execution, first output. */
export function nodeOutputJson(
	data: N8nRunExecutionData,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> {
	const runs = data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	const items = runs[runs.length - 1].data?.main?.[outputIndex] ?? [];
	return items.map((item) => item.json);
}

/**
 * `n8n execute --rawOutput` prints the run as pretty JSON between log lines (some come before,
 * the task runner's registration may come after). Pretty JSON is the only text with a `{` and a
 * `}` at the start of a line.
 */
export function parseRunOutput(stdout: string): N8nRun | undefined {
	const start = stdout.search(/^\{/m);
	if (start < 0) return undefined;
	const end = stdout.slice(start).search(/^\}/m);
	const text = end < 0 ? stdout.slice(start) : stdout.slice(start, start + end + 1);
	try {
		return JSON.parse(text) as N8nRun;
	} catch {
		return undefined;
	}
}
