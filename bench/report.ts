import type { BenchResults, ManyItemsRun, MemorySeries, TransportRun } from './results';
import { dubLanguagesSection } from './dubLanguages';
import { table } from './markdown';
import { queueModeSection } from './queueReport';
import { throughputReport } from './throughputResults';
import { MAX_GROWTH, MAX_SPREAD, N8N_STEP_MARGIN } from './targets';
import { MB } from './types';

const mb = (bytes: number) => (bytes / MB).toFixed(1);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function machineSection({ machine, totalMs }: BenchResults): string {
	return [
		'## Machine',
		'',
		table(
			['Fact', 'Value'],
			[
				['Date', machine.date],
				['CPUs', `${machine.cpuCount} × ${machine.cpuModel}`],
				['RAM', `${(machine.totalMemory / 1024 ** 3).toFixed(1)} GiB`],
				['Node.js', machine.node],
				['OS', machine.os],
				['Commit (HEAD when run)', machine.commit],
				['Load average (1 min) at start', machine.loadAverage.toFixed(2)],
				['Load average (1 min) at end', machine.loadAverageAtEnd?.toFixed(2) ?? 'not measured'],
				['Bench run time', `${seconds(totalMs)} s`],
			],
			[0, 1],
		),
	].join('\n');
}

function seriesSection(series: MemorySeries, index: number): string {
	return [
		`### ${index}. ${series.title}`,
		'',
		series.what,
		'',
		table(
			[
				'Size',
				'Wall time (s)',
				`Throughput (MB/s, ${series.throughputOver})`,
				'Peak RSS growth (MB)',
				'Peak arrayBuffers growth (MB)',
				'Baseline RSS (MB)',
				'Process peak RSS (MB)',
			],
			series.runs.map((run) => [
				run.label,
				seconds(run.wallMs),
				run.throughputMBs.toFixed(0),
				mb(run.rssGrowth),
				mb(run.arrayBuffersGrowth),
				mb(run.baselineRss),
				mb(run.processPeakRss),
			]),
		),
	].join('\n');
}

function manyItemsSection(runs: ManyItemsRun[], results: BenchResults, index: number): string {
	const { pendingMs, processingMs, items } = results.settings;
	const perGeneration = (run: ManyItemsRun, count: number) => (count / run.generationsCreated).toFixed(2);
	return [
		`### ${index}. Many items: Lipsync Generation → Create, ${items} items`,
		'',
		`Video and audio URLs, Growth-plan key (Sync runs 6 generations at once and answers 429 ` +
			`\`concurrency_limit_reached\` beyond), emulator PENDING ${pendingMs} ms + PROCESSING ` +
			`${processingMs} ms. Don't Wait with When the Plan Is Full "Wait for a Free Slot" (the ` +
			`default, "Fail Those Items at Once", would end the 44 jobs beyond the plan at once). ` +
			`Requests are counted by the emulator, per generation created.`,
		'',
		table(
			[
				'Completion',
				'Max Concurrent Jobs',
				'Wall time (s)',
				'Generations created',
				'Requests / generation',
				'POST /v2/generate / generation',
				'Status GETs / generation',
				'Most running at once',
				'Outcome',
			],
			runs.map((run) => [
				run.completion === 'none' ? "Don't Wait" : 'Poll Until Done',
				String(run.maxConcurrentJobs),
				seconds(run.wallMs),
				String(run.generationsCreated),
				perGeneration(run, run.createRequests + run.statusRequests + run.otherRequests),
				perGeneration(run, run.createRequests),
				perGeneration(run, run.statusRequests),
				String(run.maxRunning),
				run.failed ? `**${truncate(run.statuses, 160)}**` : run.statuses,
			]),
			[0, 8],
		),
	].join('\n');
}

function transportSection(runs: TransportRun[], index: number): string {
	return [
		`### ${index}. Transport overhead: Lipsync Generation → Get, one execution`,
		'',
		'Every item reads the same generation (`Generation ID` = `{{ $json.id }}`); items run one ' +
			'after the other, one GET each, through n8n\'s `httpRequestWithAuthentication`.',
		'',
		table(
			['Items', 'GET requests', 'Wall time (s)', 'Items/s', 'ms per item'],
			runs.map((run) => [
				String(run.items),
				String(run.getRequests),
				seconds(run.wallMs),
				(run.items / (run.wallMs / 1000)).toFixed(0),
				(run.wallMs / run.items).toFixed(2),
			]),
		),
	].join('\n');
}

function checksSection(results: BenchResults): string {
	const failed = results.checks.filter((check) => !check.pass).length;
	return [
		'## Targets',
		'',
		failed === 0
			? `All ${results.checks.length} checks passed.`
			: `**${failed} of ${results.checks.length} checks FAILED.**`,
		'',
		table(
			['Check', 'Limit', 'Measured', 'Result'],
			results.checks.map((check) => [
				check.name,
				check.limit,
				check.measured.replace(/\|/g, '\\|').replace(/\n/g, ' '),
				check.pass ? 'pass' : '**FAIL**',
			]),
			[0, 1, 2, 3],
		),
	].join('\n');
}

const HOW_TO = `## How to run / what the numbers mean

\`npm run bench\` takes about 15 minutes on 2 cores (the throughput and queue-mode sections
start real n8n, once per n8n version of the e2e tests, queue mode with PostgreSQL and Redis) and
needs about 1 GB free in the temp folder. It overwrites this file and exits non-zero when a check
fails, so it can gate CI.
\`npm run bench -- --only=video-to-music,many-items\` runs some sections and prints them without
writing this file (sections: \`video-to-music\`, \`sync-upload\`, \`lipsync-download\`,
\`many-items\`, \`transport\`, \`dub-languages\`, \`throughput\`, \`queue-mode\`);
\`--targets=newest\` (or \`oldest\`) runs the real-n8n sections in one n8n version only. Those
sections need what the e2e tests need: the cached n8n installs (\`N8N_E2E_CACHE_DIR\`), and for
queue mode the Debian packages
\`redis-server\` and \`postgresql\` (installed with apt-get when missing and run as root).

- Every measurement runs the node's real \`execute()\` in a fresh child process
  (\`node --expose-gc --import tsx bench/child.ts\`) through the test harness: real n8n-core
  execution context, filesystem binary data mode, real HTTP to a fresh in-process emulator
  (test/emulator) in the parent process. So the child's memory is the node's plus n8n-core's.
- **Baseline RSS**: the child's RSS after the harness started, the input file was put into the
  binary store (a kernel file copy, n8n-core \`copyBinaryFile\`) and a full GC ran.
- **Peak RSS growth / peak arrayBuffers growth**: the highest \`process.memoryUsage()\` value,
  sampled every 20 ms while \`execute()\` ran, minus the baseline. \`arrayBuffers\` counts Buffers
  (file chunks live there), so a node that buffers a whole file shows at least the file size in
  it. **Process peak RSS** is the kernel's high-water mark (\`maxRSS\`) of the whole child.
- **Targets**: streaming means memory does not depend on the size. Each run must stay within
  ${MAX_GROWTH / MB} MB of its baseline (RSS and arrayBuffers), and the largest size may need at
  most ${MAX_SPREAD / MB} MB more RSS than the smallest. Some growth is normal and bounded: chunks
  already sent are garbage that V8 collects only once external memory passes its own threshold,
  hence a plateau of about 32 MB from 100 MB on (forcing a GC every 5 ms brings the 200 MB Video
  To Music upload down to +1.5 MB of Buffers, checked once by hand). Many items: every run must
  create exactly one generation per item (and the node must not fail), and polling with 6 jobs
  at once must take less than half the time of one at a time.
- **Throughput** is payload MB (2^20 bytes; "200 MB" = 209,715,200 bytes, ElevenLabs' combined
  upload limit) divided by the wall time of the node run (for the download: by the time from
  the generation's completion in the emulator to the node's end). Everything runs over loopback
  on one machine: the numbers show what the node and n8n-core manage on their own, not network
  speeds.
- Wall times and throughput depend on what else the machine does (see the load average above);
  the memory numbers hardly do.
- Sizes are padded copies of test/fixtures/sample-video.mp4 (a trailing MP4 \`free\` box), written
  once per bench run to a temp folder and removed at the end; large emulator outputs are
  generated on the fly.
- **Many items**: wall time of one execution with 50 items. Requests per generation include
  submits refused with 429 and retried, and the status polls (Sync's long poll \`wait=true\`
  holds a GET until the generation ends, so polling costs one GET here). With "Don't Wait",
  Max Concurrent Jobs bounds the submit requests in flight, not the generations running at
  Sync: submits beyond the plan's 6 running get 429 \`concurrency_limit_reached\` and are
  retried, and every submit, refused or not, counts toward Sync's create rate limit
  (60 per minute per key in the emulator, as documented in 2025).
- **Transport**: 500 items of Get in one execution, one GET each, run one after the other:
  the per-request cost of n8n's HTTP helper, credentials, retries and error mapping.
- **Queue mode** measures a real \`n8n worker\` from the outside (\`/proc/<pid>/status\`), so
  its numbers include n8n's own memory, unlike the sections above. Filesystem binary data
  (\`N8N_DEFAULT_BINARY_DATA_MODE=filesystem\`, \`N8N_BINARY_DATA_STORAGE_PATH\` shared by all
  processes) shows what the node needs in a worker; it must meet the same ${MAX_GROWTH / MB} MB /
  ${MAX_SPREAD / MB} MB targets, or, where n8n's own Read/Write Files node storing the same file
  needs more (n8n 2.41 on Node 24 grows by about 80-100 MB whatever the size), no more than that
  plus ${N8N_STEP_MARGIN / MB} MB: flat, and n8n's share measured beside it. Database mode (queue mode's default) is n8n's cost and has no
  target: n8n buffers every file it stores in PostgreSQL, and reads one back as hex text (about
  twice its size, plus the Buffer), so a file above 256 MiB cannot be read back at all.
  Node run spans: a node's \`startTime\` and \`executionTime\` in the execution data.
`;

export function renderReport(results: BenchResults): string {
	const sections: string[] = [];
	let index = 1;
	for (const series of results.series) sections.push(seriesSection(series, index++));
	if (results.manyItems.length > 0) sections.push(manyItemsSection(results.manyItems, results, index++));
	if (results.transport.length > 0) sections.push(transportSection(results.transport, index++));
	if (results.dubLanguages.length > 0) sections.push(dubLanguagesSection(results.dubLanguages, index++));
	if (results.throughput) sections.push(throughputReport(results.throughput, index++, results.settings.repeats));
	if (results.queueMode) sections.push(queueModeSection(results.queueMode, index++));
	return [
		'# Benchmarks',
		'',
		'Generated by `npm run bench` (bench/run.ts); do not edit by hand, run it again.',
		'',
		machineSection(results),
		'',
		'## Results',
		'',
		sections.join('\n\n'),
		'',
		checksSection(results),
		'',
		HOW_TO,
	].join('\n');
}
