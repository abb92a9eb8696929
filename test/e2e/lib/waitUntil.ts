import { isGroupAlive, tailFile } from './processes';

export interface WaitOptions {
	/** What is awaited, for the error message. */
	what: string;
	timeoutMs: number;
	/** The process group that must stay alive meanwhile, and its log for the error message. */
	pgid?: number;
	logFile?: string;
	intervalMs?: number;
}

/** Polls `check` until it is true; throws (with the log tail) on timeout or when the group died. */
export async function waitUntil(
	check: () => Promise<boolean>,
	options: WaitOptions,
): Promise<void> {
	const deadline = Date.now() + options.timeoutMs;
	const logTail = () => (options.logFile ? `:\n${tailFile(options.logFile, 40)}` : '');
	for (;;) {
		if (await check()) return;
		if (options.pgid !== undefined && !isGroupAlive(options.pgid)) {
			throw new Error(`${options.what}: the process exited${logTail()}`);
		}
		if (Date.now() > deadline) {
			throw new Error(`${options.what}: not ready after ${options.timeoutMs} ms${logTail()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
	}
}
