// Installs a target's n8n and Node into the cache when needed and prints the Node binary and the
// n8n CLI entry that runs with it, tab-separated, e.g.
//   read NODE N8N < <(npx tsx test/e2e/lib/ensureN8n.cli.ts newest) && "$NODE" "$N8N" --version
// The target (test/e2e/hosts/targets.json) defaults to the first, the oldest n8n. Progress goes to
// stderr so that stdout holds only the paths.
import { ensureN8n } from './n8nInstall';

ensureN8n({ target: process.argv[2], log: (message) => process.stderr.write(`${message}\n`) })
	.then(({ nodeBin, n8nBin }) => process.stdout.write(`${nodeBin}\t${n8nBin}\n`))
	.catch((error: Error) => {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	});
