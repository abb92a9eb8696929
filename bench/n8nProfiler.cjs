/**
 * Loaded into the bench's n8n (NODE_OPTIONS=--require) to see where its time goes; idle until
 * told. On SIGUSR2 it reads $BENCH_PROFILE_FILE.command: `start` starts V8's CPU profiler, `stop`
 * stops it and writes the profile to $BENCH_PROFILE_FILE with one reading of both clocks, so the
 * bench can cut one node's run (epoch times) out of the profile (monotonic microseconds).
 */
const { Session } = require('node:inspector');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');

const target = process.env.BENCH_PROFILE_FILE;
let session;

function write(body) {
	writeFileSync(`${target}.tmp`, JSON.stringify(body));
	renameSync(`${target}.tmp`, target);
}

function start() {
	session?.disconnect();
	session = new Session();
	session.connect();
	session.post('Profiler.enable');
	session.post('Profiler.setSamplingInterval', { interval: 250 });
	session.post('Profiler.start');
}

function stop() {
	const running = session;
	session = undefined;
	if (!running) return write({ error: 'the profiler was not started' });
	running.post('Profiler.stop', (error, result) => {
		running.disconnect();
		const clocks = { epochMs: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) };
		write(error ? { error: String(error) } : { profile: result.profile, clocks });
	});
}

if (target) {
	process.on('SIGUSR2', () => {
		try {
			const command = readFileSync(`${target}.command`, 'utf8').trim();
			if (command === 'start') start();
			else if (command === 'stop') stop();
		} catch (error) {
			write({ error: String(error) });
		}
	});
}
