import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SYNC_LABS } from '../sync/errors';

/**
 * "Verify Signature" needs the credential's Webhook Signing Secret. Without it every delivery would
 * be refused with a 401 that only Sync sees, so the trigger refuses to be published (or to listen
 * for a test event) instead, and a delivery that arrives anyway is refused with the same words.
 */

export const MISSING_SECRET_MESSAGE =
	'"Verify Signature" is on, but the Sync Labs credential has no "Webhook Signing Secret"';

export const MISSING_SECRET_FIX =
	'Open the Sync Labs credential and paste the signing secret (whsec_…) from the Sync dashboard, API Keys → Webhooks, into "Webhook Signing Secret". Or turn "Verify Signature" off and keep "Re-Fetch From API" on. Until then Sync\'s notifications are refused (401) and start nothing.';

/** The credential's signing secret, trimmed; empty when there is none. */
export async function signingSecret(context: IHookFunctions | IWebhookFunctions): Promise<string> {
	const credentials = await context.getCredentials(SYNC_LABS.credentialType);
	return typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret.trim() : '';
}

/** At activation: refuses a trigger that verifies signatures without a secret to verify them with. */
export async function assertSigningSecret(context: IHookFunctions): Promise<void> {
	// Only an explicit `false` turns verification off (as readTriggerSettings reads it).
	if (context.getNodeParameter('verifySignature', true) === false) return;
	if (await signingSecret(context)) return;
	throw new NodeOperationError(context.getNode(), MISSING_SECRET_MESSAGE, {
		description: MISSING_SECRET_FIX,
	});
}
