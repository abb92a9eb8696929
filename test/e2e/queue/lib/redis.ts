import net from 'node:net';

import { getFreePort, spawnGuarded } from '../../lib/processes';
import type { NeededPackage } from './debianPackages';
import { findOnPath } from './debianPackages';
import { waitUntil } from '../../lib/waitUntil';

/** A Redis server of the run (plain data: crosses jest processes). */
export interface RedisInfo {
	host: string;
	port: number;
	pgid: number;
	logFile: string;
}

export const REDIS_PACKAGE: NeededPackage = {
	name: 'redis-server',
	isPresent: () => findOnPath('redis-server') !== undefined,
};

/** True when Redis answers PING on host:port. */
async function answersPing(host: string, port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect({ host, port });
		let reply = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString('latin1');
			if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
		});
	});
}

/**
 * Starts a throw-away Redis on a free loopback port: no persistence (nothing is written to `dir`
 * but what Redis insists on), under the process guard so it dies with `ownerPid`.
 */
export async function startRedis(options: {
	ownerPid: number;
	dir: string;
	logFile: string;
}): Promise<RedisInfo> {
	const host = '127.0.0.1';
	const port = await getFreePort();
	const pgid = spawnGuarded(
		'redis-server',
		[
			...['--port', String(port), '--bind', host, '--dir', options.dir],
			...['--save', '', '--appendonly', 'no', '--daemonize', 'no'],
		],
		{ ownerPid: options.ownerPid, env: process.env, logFile: options.logFile },
	);
	await waitUntil(async () => await answersPing(host, port), {
		what: `Redis on port ${port}`,
		timeoutMs: 20_000,
		pgid,
		logFile: options.logFile,
	});
	return { host, port, pgid, logFile: options.logFile };
}
