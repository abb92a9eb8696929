/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: { warnOnly: false } }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
		},
		{
			displayName: 'e2e',
			// Sets the per-test timeout and prints n8n's and the emulator's log tails on failure.
			testEnvironment: '<rootDir>/test/e2e/environment.ts',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
			globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
			globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
		},
		{
			displayName: 'e2e-queue',
			// n8n in queue mode (Redis, PostgreSQL, main, two workers, a webhook processor).
			testEnvironment: '<rootDir>/test/e2e/queue/environment.ts',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/queue/**/*.queue.test.ts'],
			globalSetup: '<rootDir>/test/e2e/queue/globalSetup.ts',
			globalTeardown: '<rootDir>/test/e2e/queue/globalTeardown.ts',
		},
	],
};
