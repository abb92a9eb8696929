// Brings up the e2e stack by hand (for the demo, debugging, or a browser): the emulator and a real
// n8n with this package and emulator credentials, optionally with workflows imported and
// activated. Prints one JSON line with the URLs, then keeps running until SIGINT/SIGTERM and
// cleans up (n8n and the emulator also stop if this process is killed).
//
//   npx tsx test/e2e/lib/up.cli.ts [--target oldest|newest] [--workflow file.json|dir]... [--activate]
//
// Progress goes to stderr; stdout holds only the JSON line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { cleanUpE2eRun } from './cleanup';
import { E2E_OWNER } from './n8nRest';
import type { WorkflowJson } from './n8nInstance';
import { startE2eStack } from './stack';

interface Args {
	workflowPaths: string[];
	activate: boolean;
	/** A target of test/e2e/hosts/targets.json (default: the first, the oldest n8n). */
	target?: string;
}

function parseArgs(argv: string[]): Args {
	const args: Args = { workflowPaths: [], activate: false };
	for (let index = 0; index < argv.length; index++) {
		if (argv[index] === '--workflow') args.workflowPaths.push(argv[++index]);
		else if (argv[index] === '--activate') args.activate = true;
		else if (argv[index] === '--target') args.target = argv[++index];
		else throw new Error(`unknown argument ${argv[index]}`);
	}
	return args;
}

function readWorkflows(paths: string[]): WorkflowJson[] {
	const files = paths.flatMap((entry) =>
		statSync(entry).isDirectory()
			? readdirSync(entry)
					.filter((name) => name.endsWith('.json'))
					.map((name) => path.join(entry, name))
			: [entry],
	);
	return files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson);
}

async function main(): Promise<void> {
	const { workflowPaths, activate, target } = parseArgs(process.argv.slice(2));
	const log = (message: string) => process.stderr.write(`${message}\n`);
	let contextFile: string | undefined;
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n and the emulator');
		if (contextFile) await cleanUpE2eRun(contextFile);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	const stack = await startE2eStack({
		log,
		target,
		onContextFile: (file) => (contextFile = file),
	});

	try {
		const workflows = readWorkflows(workflowPaths);
		if (workflows.length) await stack.n8n.importWorkflow(workflows);
		if (activate) for (const workflow of workflows) await stack.n8n.activateWorkflow(workflow.id);
	} catch (error) {
		log((error as Error).message);
		await stop();
	}
	process.stdout.write(
		`${JSON.stringify({
			n8nUrl: stack.n8n.baseUrl,
			n8n: stack.data.target.label,
			owner: { email: E2E_OWNER.email, password: E2E_OWNER.password },
			emulator: stack.emulator,
			contextFile: stack.contextFile,
			n8nLog: stack.n8n.state.logFile,
			userFolder: stack.n8n.state.userFolder,
		})}\n`,
	);
	// Stay alive until a signal arrives.
	setInterval(() => undefined, 1 << 30);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
