/**
 * The physical limit the throughput section compares the nodes with: a plain Node client moving
 * the same bytes over the same loopback socket to (or from) the same emulator route, with nothing
 * but `fs` streams and `http.request`. Run by the n8n target's own Node.js, so both sides of a
 * ratio use the same runtime:
 *
 *   node --import tsx bench/rawCopy.ts '<RawCopySpec[] as JSON>'
 *
 * Runs the copies one after the other (the first ones warm the client up) and prints one
 * `RAW_COPY {"ms": <wall time>, "bytes": <moved>, "status": <HTTP status>}` line for the last.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';

export const RAW_COPY_PREFIX = 'RAW_COPY ';

export type RawCopySpec =
	/** POST a multipart form (one text field, then the file as `videos`), as Video To Music does. */
	| { kind: 'multipart'; url: string; headers: Record<string, string>; file: string; size: number }
	/** PUT the file with its exact length, as a pre-signed upload. */
	| { kind: 'put'; url: string; contentType: string; file: string; size: number }
	/** GET the URL into a file (the reverse copy: socket to disk). */
	| { kind: 'get'; url: string; out: string };

export interface RawCopyResult {
	ms: number;
	bytes: number;
	status: number;
}

async function send(
	url: string,
	method: string,
	headers: Record<string, string | number>,
	parts: Array<Buffer | string>,
): Promise<{ status: number; bytes: number }> {
	return await new Promise((resolve, reject) => {
		const req = request(url, { method, headers }, (res) => {
			res.resume();
			res.once('end', () => resolve({ status: res.statusCode ?? 0, bytes: 0 }));
		});
		req.once('error', reject);
		const next = (index: number) => {
			const part = parts[index];
			if (part === undefined) return void req.end();
			if (Buffer.isBuffer(part)) {
				req.write(part);
				return next(index + 1);
			}
			const file = createReadStream(part);
			file.once('error', reject);
			file.once('end', () => next(index + 1));
			file.pipe(req, { end: false });
		};
		next(0);
	});
}

async function copy(spec: RawCopySpec): Promise<Omit<RawCopyResult, 'ms'>> {
	if (spec.kind === 'get') {
		let status = 0;
		let bytes = 0;
		await new Promise<void>((resolve, reject) => {
			request(spec.url, (res) => {
				status = res.statusCode ?? 0;
				res.on('data', (chunk: Buffer) => (bytes += chunk.length));
				pipeline(res, createWriteStream(spec.out)).then(resolve, reject);
			})
				.once('error', reject)
				.end();
		});
		return { status, bytes };
	}
	if (spec.kind === 'put') {
		const sent = await send(
			spec.url,
			'PUT',
			{ 'content-type': spec.contentType, 'content-length': spec.size },
			[spec.file],
		);
		return { status: sent.status, bytes: spec.size };
	}
	const boundary = `raw-copy-${Date.now()}`;
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="model_id"\r\n\r\nmusic_v1\r\n` +
			`--${boundary}\r\nContent-Disposition: form-data; name="videos"; filename="video.mp4"\r\n` +
			`Content-Type: video/mp4\r\n\r\n`,
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const sent = await send(
		spec.url,
		'POST',
		{
			...spec.headers,
			'content-type': `multipart/form-data; boundary=${boundary}`,
			'content-length': head.length + spec.size + tail.length,
		},
		[head, spec.file, tail],
	);
	return { status: sent.status, bytes: spec.size };
}

async function main(): Promise<void> {
	const specs = JSON.parse(process.argv[2] ?? '') as RawCopySpec[];
	for (const warmUp of specs.slice(0, -1)) await copy(warmUp);
	const started = process.hrtime.bigint();
	const moved = await copy(specs[specs.length - 1]);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	process.stdout.write(`${RAW_COPY_PREFIX}${JSON.stringify({ ms, ...moved })}\n`);
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exitCode = 1;
	});
}
