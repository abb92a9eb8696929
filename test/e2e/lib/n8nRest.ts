/** The e2e owner account (the instance is throw-away; password meets n8n's rules). */
export const E2E_OWNER = {
	email: 'owner@e2e.test',
	password: 'E2e-Owner-Passw0rd',
	firstName: 'E2E',
	lastName: 'Owner',
} as const;

// n8n binds the auth cookie to a `browser-id` header (hashed into the JWT) and rejects requests
// whose header does not match, so every request sends the same one.
const BROWSER_ID = 'n8n-nodes-video-dub-e2e';

export class N8nRestError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${method} ${path} -> ${status}: ${body.slice(0, 500)}`);
	}
}

/** Minimal client for n8n's internal REST API (`/rest/...`), logged in as the owner. */
export class N8nRestClient {
	private cookie: string | undefined;

	constructor(readonly baseUrl: string) {}

	/** Raw request; n8n wraps most answers as `{ data }`, which is unwrapped here. */
	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.send(method, path, body);
		const text = await response.text();
		if (!response.ok) throw new N8nRestError(method, path, response.status, text);
		if (!text) return undefined as T;
		const parsed = JSON.parse(text) as { data?: T };
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** A GET whose answer is not JSON (e.g. `/rest/binary-data`): the body's bytes. */
	async download(path: string): Promise<Buffer> {
		const response = await this.send('GET', path);
		if (!response.ok) {
			throw new N8nRestError('GET', path, response.status, await response.text());
		}
		return Buffer.from(await response.arrayBuffer());
	}

	private async send(method: string, path: string, body?: unknown): Promise<Response> {
		const headers: Record<string, string> = { 'browser-id': BROWSER_ID };
		if (this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(new URL(path, this.baseUrl), {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (setCookie) this.cookie = setCookie.split(';')[0];
		return response;
	}

	/** Creates the owner on a fresh instance (a no-op afterwards) and logs in. */
	async loginAsOwner(): Promise<void> {
		try {
			await this.request('POST', '/rest/owner/setup', E2E_OWNER);
		} catch (error) {
			// 400 "Instance owner already setup" on every later call.
			if (!(error instanceof N8nRestError && error.status === 400)) throw error;
		}
		await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: E2E_OWNER.email,
			password: E2E_OWNER.password,
		});
	}

	get isLoggedIn(): boolean {
		return this.cookie !== undefined;
	}
}
