// Installs the pinned n8n into the cache when needed and prints the path of its CLI entry, e.g.
//   N8N_BIN=$(npx tsx test/e2e/lib/ensureN8n.cli.ts) && node "$N8N_BIN" --version
// Progress goes to stderr so that stdout holds only the path.
import { ensureN8n } from './n8nInstall';

ensureN8n({ log: (message) => process.stderr.write(`${message}\n`) })
	.then(({ n8nBin }) => process.stdout.write(`${n8nBin}\n`))
	.catch((error: Error) => {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	});
