// Temporary stand-in while test/emulator/ is being written: same `--json --port` contract, but it
// answers only the two credential test requests and GET /sync/v2/models. emulatorProcess.ts falls
// back to it (loudly) only when the real emulator cannot start.
import http from 'node:http';

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
const syncApiKey = 'sync-test-key';
const elevenLabsApiKey = 'xi-test-key';

const server = http.createServer((req, res) => {
	const send = (status: number, body: unknown) => {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	};
	if (req.method === 'GET' && req.url === '/sync/v2/models') {
		if (req.headers['x-api-key'] !== syncApiKey) return send(401, { message: 'Unauthorized' });
		return send(200, [{ name: 'lipsync-2' }]);
	}
	if (req.method === 'GET' && req.url === '/elevenlabs/v1/user/subscription') {
		if (req.headers['xi-api-key'] !== elevenLabsApiKey) {
			return send(401, { detail: { status: 'invalid_api_key' } });
		}
		return send(200, { tier: 'creator' });
	}
	return send(404, { message: 'not emulated' });
});

server.listen(port, '127.0.0.1', () => {
	const address = server.address();
	const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
	process.stdout.write(
		`${JSON.stringify({
			url,
			syncBaseUrl: `${url}/sync`,
			elevenLabsBaseUrl: `${url}/elevenlabs`,
			storageBaseUrl: `${url}/storage`,
			adminUrl: `${url}/__emulator`,
			syncApiKey,
			elevenLabsApiKey,
			webhookSecret: 'whsec_placeholder',
			placeholder: true,
		})}\n`,
	);
});

const shutdown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
