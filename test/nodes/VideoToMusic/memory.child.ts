/**
 * Child process of memory.test.ts: runs the Video To Music node once, in a fresh process, on one
 * video file, and prints how much the process memory grew while the node ran (JSON on stdout).
 *
 *   node --expose-gc --import tsx memory.child.ts <elevenLabsBaseUrl> <apiKey> <videoPath>
 */
import { VideoDubElevenLabsApi } from '../../../credentials/VideoDubElevenLabsApi.credentials';
// `.js`: tsx would otherwise resolve `VideoToMusic.node` to the codex file VideoToMusic.node.json.
import { VideoToMusic } from '../../../nodes/VideoToMusic/VideoToMusic.node.js';
import { NodeHarness } from '../../harness';

async function main() {
	const [baseUrl, apiKey, videoPath] = process.argv.slice(2);
	const harness = await NodeHarness.start({ credentialTypes: [new VideoDubElevenLabsApi()] });
	try {
		// Stored like an upstream Read/Write Files node would (streamed into the binary store).
		const video = await harness.binaryFromFile(videoPath, 'video/mp4');
		const gc = (globalThis as { gc?: () => void }).gc;
		gc?.();
		const baseline = process.memoryUsage();
		const peak = {
			rss: baseline.rss,
			arrayBuffers: baseline.arrayBuffers,
			heapUsed: baseline.heapUsed,
		};
		const sample = () => {
			const now = process.memoryUsage();
			peak.rss = Math.max(peak.rss, now.rss);
			peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
			peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
		};
		const sampler = setInterval(sample, 2);
		const result = await harness.runNode({
			node: new VideoToMusic(),
			parameters: { outputFormat: 'pcm_8000' },
			items: [{ json: {}, binary: { data: video } }],
			credentials: { videoDubElevenLabsApi: { apiKey, region: 'custom', baseUrl } },
		});
		sample();
		clearInterval(sampler);
		process.stdout.write(
			JSON.stringify({
				error: result.error?.message,
				inputBytes: video.bytes,
				outputBytes: result.output?.[0][0].json.bytes,
				// Peak RSS of the whole process (storing the input streams too), in bytes.
				maxRss: process.resourceUsage().maxRSS * 1024,
				growth: {
					rss: peak.rss - baseline.rss,
					arrayBuffers: peak.arrayBuffers - baseline.arrayBuffers,
					heapUsed: peak.heapUsed - baseline.heapUsed,
				},
			}),
		);
	} finally {
		await harness.close();
	}
}

void main();
