// Runs the static analysis of `@n8n/scan-community-package` (the gate for verified community
// nodes) on this repository, without publishing: its CLI only scans published, provenance-attested
// packages, so we call its analyser on the two legs it checks: the source tree, and the packed
// tarball exactly as npm would publish it. `n8n-node lint` does not replace this: it honours
// eslint-disable comments (the scanner ignores them) and never looks at the compiled tarball.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = process.cwd();
if (!existsSync(join(root, 'dist'))) {
	execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}

const workDir = mkdtempSync(join(tmpdir(), 'scan-package-'));
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', workDir], {
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['xzf', join(workDir, tarball), '-C', workDir]);

	const legs = [
		['source tree', root, SOURCE_FILE_PATTERNS],
		['packed tarball', join(workDir, 'package'), ['**/*.js', 'package.json']],
	];
	let failed = false;
	for (const [name, dir, patterns] of legs) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed) {
			console.log(`scan-community-package (${name}): passed`);
		} else {
			failed = true;
			console.error(`scan-community-package (${name}): ${result.message}\n${result.details ?? ''}`);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
