import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, ending early when the execution is cancelled; callers check the signal afterwards.
 * Built on `sleep`, the wait that every supported n8n's n8n-workflow exports (`sleepWithAbort` is
 * gone from newer ones), since community nodes may not use timers themselves.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) return;
	await new Promise<void>((resolve) => {
		const onAbort = () => resolve();
		signal?.addEventListener('abort', onAbort, { once: true });
		void sleep(ms).then(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		});
	});
}
