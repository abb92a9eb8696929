/**
 * Loaded into the bench's n8n (NODE_OPTIONS=--require) to see where its time goes; idle until
 * told. SIGUSR2 starts V8's CPU profiler, the next SIGUSR2 stops it and writes the profile to
 * $BENCH_PROFILE_FILE with one reading of both clocks, so the bench can cut out one node's run
 * (epoch times) from the profile (monotonic microseconds).
 */
const { Session } = require('node:inspector');
const { renameSync, writeFileSync } = require('node:fs');

const target = process.env.BENCH_PROFILE_FILE;
if (target) {
	let session;
	process.on('SIGUSR2', () => {
		if (!session) {
			session = new Session();
			session.connect();
			session.post('Profiler.enable');
			session.post('Profiler.setSamplingInterval', { interval: 250 });
			session.post('Profiler.start');
			return;
		}
		const running = session;
		session = undefined;
		running.post('Profiler.stop', (error, result) => {
			running.disconnect();
			const clocks = { epochMs: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) };
			const body = error ? { error: String(error) } : { profile: result.profile, clocks };
			writeFileSync(`${target}.tmp`, JSON.stringify(body));
			renameSync(`${target}.tmp`, target);
		});
	});
}
