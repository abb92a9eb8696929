import path from 'node:path';

/** Root of the repository (the package under test). */
export const repoRoot = path.resolve(__dirname, '../../..');

/** The committed n8n host packages and `targets.json`, which names them (see targets.ts). */
export const hostsDir = path.join(repoRoot, 'test/e2e/hosts');

/** Plain-JS guard that ties a child process group to the test runner's life. */
export const processGuardScript = path.join(__dirname, 'processGuard.mjs');
