import type { Logger, LogMetadata } from 'n8n-workflow';
import { inspect } from 'node:util';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
	level: LogLevel;
	message: string;
	metadata?: LogMetadata;
}

type LogListener = (line: LogLine) => void;

/**
 * The logger n8n-core hands to nodes (`this.logger`) is resolved from the DI container, so there is
 * one per process. It fans every line out to the harnesses that are listening, which lets each
 * harness keep its own list (tests assert, for example, that no secret was ever logged).
 */
export class CapturingLogger implements Logger {
	private readonly listeners = new Set<LogListener>();

	listen(listener: LogListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	error(message: string, metadata?: LogMetadata) {
		this.emit('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.emit('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.emit('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.emit('debug', message, metadata);
	}

	/** n8n's Logger API: scoped loggers write to the same place here. */
	scoped() {
		return this;
	}

	private emit(level: LogLevel, message: string, metadata?: LogMetadata) {
		const line: LogLine = { level, message, metadata };
		for (const listener of this.listeners) listener(line);
	}
}

/** One line per entry, metadata included, so a test can search all logged text at once. */
export function formatLogLines(lines: LogLine[]): string {
	return lines
		.map(({ level, message, metadata }) => {
			// inspect (not JSON) so errors inside metadata show their message and stack too
			const meta = metadata === undefined ? '' : ` ${inspect(metadata, { depth: 8 })}`;
			return `[${level}] ${message}${meta}`;
		})
		.join('\n');
}
