// ESLint config for the code that is never shipped: tests, the emulator, the end-to-end suites,
// benchmarks and scripts. `eslint.config.mjs` stays n8n-node's unmodified default (strict mode
// checks that), so this config is reached another way: test/, bench/ and scripts/ each hold an
// `eslint.config.mjs` re-exporting this file, and `npm run lint` runs `n8n-node lint` with ESLint's
// config lookup from the linted file (ESLint 10's default; a flag in the 9.29 node-cli uses).
// These folders need Node APIs (process, timers, fs), which the community-node rules forbid.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: { 'prefer-spread': 'off' },
	},
	{
		files: ['**/*.{js,mjs,cjs}'],
		extends: [js.configs.recommended],
		languageOptions: { globals: globals.node },
	},
);
