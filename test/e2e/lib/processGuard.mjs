// Runs one command as a child of this guard and ties its life to an "owner" process (the test
// runner). The guard is spawned detached, so it leads a fresh process group that also holds the
// command and everything the command starts (n8n's task runners); stopping means signalling that
// group. If the owner disappears without stopping us (killed runner, crashed jest), the guard kills
// the group itself, so no n8n or emulator is ever left running.
//
// Usage: node processGuard.mjs <ownerPid> <command> [args...]
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const [ownerPidArg, command, ...args] = process.argv.slice(2);
const ownerPid = Number(ownerPidArg);
if (!Number.isInteger(ownerPid) || ownerPid <= 0 || !command) {
	console.error('usage: node processGuard.mjs <ownerPid> <command> [args...]');
	process.exit(2);
}

const KILL_AFTER_MS = 10_000;
let stopping = false;

function signalGroup(signal) {
	try {
		process.kill(-process.pid, signal);
	} catch {
		// The group is already gone.
	}
}

// A SIGTERM/SIGINT sent to the group reaches the command directly; the guard only makes sure that
// whatever still runs after a grace period is killed.
function beginStop(signalGroupToo) {
	if (stopping) return;
	stopping = true;
	if (signalGroupToo) signalGroup('SIGTERM');
	setTimeout(() => signalGroup('SIGKILL'), KILL_AFTER_MS).unref();
}

process.on('SIGTERM', () => beginStop(false));
process.on('SIGINT', () => beginStop(false));
process.on('SIGHUP', () => beginStop(true));

const child = spawn(command, args, { stdio: 'inherit' });
child.on('error', (error) => {
	console.error(`processGuard: cannot start ${command}: ${error.message}`);
	process.exit(127);
});
// Other live members of our process group (Linux /proc), excluding the guard itself.
function otherGroupMembers() {
	const members = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === process.pid && fields[0] !== 'Z') members.push(Number(entry));
		} catch {
			// The process ended while we looked.
		}
	}
	return members;
}

child.on('exit', (code, signal) => {
	// Leftovers of the command (a task runner it did not stop) must not outlive it.
	for (const pid of otherGroupMembers()) killQuietly(pid, 'SIGTERM');
	setTimeout(() => {
		for (const pid of otherGroupMembers()) killQuietly(pid, 'SIGKILL');
		process.exit(code ?? (signal ? 128 : 1));
	}, 1_500);
});

function killQuietly(pid, signal) {
	try {
		process.kill(pid, signal);
	} catch {
		// Already gone.
	}
}

setInterval(() => {
	try {
		process.kill(ownerPid, 0);
	} catch {
		beginStop(true);
	}
}, 1_000);
