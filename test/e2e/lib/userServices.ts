// The storage and mail servers users chain our nodes with, run for real on loopback: an
// S3-compatible object store (s3rver, from npm) that n8n's S3 node talks to, and an SMTP server
// with a web inbox (MailDev, from npm) that n8n's Send Email node delivers to. Each runs as its
// own process under the process guard, like the emulator, so it dies with its owner.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './paths';
import { getFreePort, isGroupAlive, spawnGuarded, stopGroup, tailFile } from './processes';

/** Where n8n's S3 credential and the tests reach the object store (plain data). */
export interface ObjectStoreInfo {
	/** e.g. http://127.0.0.1:4569; buckets are paths (`forcePathStyle`). */
	endpoint: string;
	/** Created at start-up; the examples read from and write to it. */
	bucket: string;
	region: string;
	/** s3rver's fixed key pair (n8n signs with it; s3rver accepts any signature, checked by hand). */
	accessKeyId: string;
	secretAccessKey: string;
	/** Folder s3rver keeps the objects in. */
	dataDir: string;
	pgid: number;
	logFile: string;
}

export interface MailServerInfo {
	smtpHost: string;
	smtpPort: number;
	/** MailDev's web inbox; its REST API is under /api. */
	inboxUrl: string;
	pgid: number;
	logFile: string;
}

export interface UserServicesInfo {
	s3: ObjectStoreInfo;
	mail: MailServerInfo;
}

export interface UserServicesOptions {
	ownerPid: number;
	/** Logs and the object store's data go here. */
	dir: string;
	/** Fixed ports (the demo's stable URLs); default: free ports. */
	s3Port?: number;
	smtpPort?: number;
	inboxPort?: number;
	bucket?: string;
}

export const DEFAULT_BUCKET = 'videos';

const s3rverCli = path.join(repoRoot, 'node_modules/s3rver/bin/s3rver.js');
const maildevCli = path.join(repoRoot, 'node_modules/maildev/dist/bin/maildev.js');
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers (any HTTP status) while the process group lives. */
async function waitUntilServing(url: string, pgid: number, logFile: string, what: string) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			await fetch(url, { signal: AbortSignal.timeout(2_000) });
			return;
		} catch {
			// Not listening yet.
		}
		if (!isGroupAlive(pgid) || Date.now() > deadline) {
			await stopGroup(pgid, 2_000);
			throw new Error(`${what} did not start:\n${tailFile(logFile, 30)}`);
		}
		await sleep(100);
	}
}

async function startObjectStore(options: UserServicesOptions): Promise<ObjectStoreInfo> {
	const port = options.s3Port ?? (await getFreePort());
	const bucket = options.bucket ?? DEFAULT_BUCKET;
	const dataDir = path.join(options.dir, 's3-data');
	const logFile = path.join(options.dir, 's3rver.log');
	mkdirSync(dataDir, { recursive: true });
	const args = [
		s3rverCli,
		'--directory',
		dataDir,
		'--address',
		'127.0.0.1',
		'--port',
		String(port),
	];
	const pgid = spawnGuarded(process.execPath, [...args, '--configure-bucket', bucket], {
		ownerPid: options.ownerPid,
		env: { ...process.env, FORCE_COLOR: '0' },
		cwd: repoRoot,
		logFile,
	});
	const endpoint = `http://127.0.0.1:${port}`;
	await waitUntilServing(`${endpoint}/${bucket}?list-type=2`, pgid, logFile, 'The S3 server');
	return {
		endpoint,
		bucket,
		region: 'us-east-1',
		accessKeyId: 'S3RVER',
		secretAccessKey: 'S3RVER',
		dataDir,
		pgid,
		logFile,
	};
}

async function startMailServer(options: UserServicesOptions): Promise<MailServerInfo> {
	const smtpPort = options.smtpPort ?? (await getFreePort());
	const inboxPort = options.inboxPort ?? (await getFreePort());
	const logFile = path.join(options.dir, 'maildev.log');
	const args = ['--smtp', String(smtpPort), '--web', String(inboxPort)];
	const pgid = spawnGuarded(
		process.execPath,
		[maildevCli, ...args, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'],
		{
			ownerPid: options.ownerPid,
			env: { ...process.env, FORCE_COLOR: '0' },
			cwd: repoRoot,
			logFile,
		},
	);
	const inboxUrl = `http://127.0.0.1:${inboxPort}`;
	await waitUntilServing(`${inboxUrl}/api/healthz`, pgid, logFile, 'The mail server (MailDev)');
	return { smtpHost: '127.0.0.1', smtpPort, inboxUrl, pgid, logFile };
}

/** Starts both servers side by side (about a second). */
export async function startUserServices(options: UserServicesOptions): Promise<UserServicesInfo> {
	const [s3, mail] = await Promise.allSettled([
		startObjectStore(options),
		startMailServer(options),
	]);
	if (s3.status === 'fulfilled' && mail.status === 'fulfilled') {
		return { s3: s3.value, mail: mail.value };
	}
	await stopUserServices({
		s3: s3.status === 'fulfilled' ? s3.value : undefined,
		mail: mail.status === 'fulfilled' ? mail.value : undefined,
	});
	throw s3.status === 'rejected' ? s3.reason : (mail as PromiseRejectedResult).reason;
}

export async function stopUserServices(
	services: Partial<UserServicesInfo> | undefined,
): Promise<void> {
	await Promise.all(
		[services?.s3?.pgid, services?.mail?.pgid].map(async (pgid) =>
			pgid ? await stopGroup(pgid, 5_000) : undefined,
		),
	);
}

/** The process groups, for synchronous clean-up in exit handlers. */
export function userServiceGroups(services: Partial<UserServicesInfo> | undefined): number[] {
	return [services?.s3?.pgid, services?.mail?.pgid].filter((pgid): pgid is number => !!pgid);
}
