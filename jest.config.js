/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: { warnOnly: false } }];

// The n8n versions the end-to-end tests run against (test/e2e/hosts/targets.json, oldest first).
const e2eTargets = Object.keys(require('./test/e2e/hosts/targets.json'));

const common = {
	transform: { '^.+\\.ts$': tsJest },
	// dist/package.json (the build output) has the package's name too: keep it out of the module map.
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/**
 * One project per target: the same test files, run against that target's n8n, with its own
 * global setup (jest runs one global setup per module path, hence a small module per target).
 */
const e2eProject = (target, index) => ({
	...common,
	displayName: `e2e-${target}`,
	// Sets the per-test timeout, points getE2eContext() at this target's n8n, and prints n8n's
	// and the emulator's log tails on failure.
	testEnvironment: '<rootDir>/test/e2e/environment.ts',
	testEnvironmentOptions: { e2eTarget: target },
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	// The demo runs on the first (default) target only: it starts its own n8n.
	testPathIgnorePatterns: index === 0 ? [] : ['<rootDir>/test/e2e/demo\\.e2e\\.test\\.ts$'],
	globalSetup: `<rootDir>/test/e2e/globalSetup.${target}.ts`,
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
});

/** Per target too: n8n in queue mode (Redis, PostgreSQL, main, two workers, a webhook processor). */
const e2eQueueProject = (target) => ({
	...common,
	displayName: `e2e-queue-${target}`,
	testEnvironment: '<rootDir>/test/e2e/queue/environment.ts',
	testEnvironmentOptions: { queueTarget: target },
	testMatch: ['<rootDir>/test/e2e/queue/**/*.queue.test.ts'],
	globalSetup: `<rootDir>/test/e2e/queue/globalSetup.${target}.ts`,
	globalTeardown: '<rootDir>/test/e2e/queue/globalTeardown.ts',
});

module.exports = {
	projects: [
		{
			...common,
			displayName: 'unit',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
		},
		...e2eTargets.map(e2eProject),
		...e2eTargets.map(e2eQueueProject),
	],
};
