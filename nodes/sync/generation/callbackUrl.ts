import type { ParameterChecks } from '../../shared/validation';
import { isSyncProduction } from '../errors';

const PRIVATE_HOST =
	/^(localhost|.*\.localhost|.*\.local|.*\.internal|127\.\d+\.\d+\.\d+|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|\[::1?\]|\[f[cd][0-9a-f:]*\])$/i;

/**
 * A URL Sync calls back (a user's webhook URL or n8n's resume URL). Sync's production API only
 * calls public HTTPS URLs: one it could never reach is refused before submitting; against another
 * base URL (a proxy or a local test server) any http(s) URL is fine.
 */
export function checkCallbackUrl(
	checks: ParameterChecks,
	syncBaseUrl: string,
	callbackUrl: unknown,
	field: string,
): string {
	const text = checks.httpUrl(
		callbackUrl,
		field,
		'Paste the production URL of a Generation Trigger, for example.',
	);
	const url = new URL(text);
	if (
		isSyncProduction(syncBaseUrl) &&
		(url.protocol !== 'https:' || PRIVATE_HOST.test(url.hostname))
	) {
		checks.fail({
			field,
			rule: `is not reachable: Sync Labs cannot reach ${url.origin}: callbacks need a public HTTPS URL`,
			hint:
				field === 'Completion'
					? 'n8n\'s resume URL comes from its WEBHOOK_URL setting (N8N_WEBHOOK_URL in newer n8n). Set it to this instance\'s public HTTPS address, or choose "Poll Until Done".'
					: 'Use the production URL of a publicly reachable n8n (HTTPS), for example the Generation Trigger’s.',
		});
	}
	return text;
}
