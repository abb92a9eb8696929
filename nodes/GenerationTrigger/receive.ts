import type {
	IBinaryData,
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { downloadToBinary } from '../shared/binary';
import { replyWith } from '../shared/webhookReply';
import { webhookChecks } from '../shared/validation';
import { batchSchema, getBatch, normaliseBatch } from '../sync/api/batches';
import { generationSchema, getGeneration, normaliseGeneration } from '../sync/api/generations';
import { SIGNATURE_PROBLEMS, signatureTimestamp, verifySyncSignature } from '../sync/signature';
import type { TriggerSettings } from './description';
import { readTriggerSettings } from './description';
import { claimEvent, releaseEvent, rememberEvent, replayableUntil } from './deliveries';
import type { Notification } from './events';
import { eventKey, eventOf, filteredOut, readNotification } from './events';
import { MISSING_SECRET_FIX, MISSING_SECRET_MESSAGE, signingSecret } from './signingSecret';
import { SYNC_LABS } from '../sync/errors';
import { outputBaseName } from '../sync/generation/fileName';

/** The target language of a dub's `dubParams`, e.g. `es`. */
function dubLanguage(dubParams: unknown): string | undefined {
	if (typeof dubParams !== 'object' || dubParams === null) return undefined;
	const language = (dubParams as IDataObject).targetLang;
	return typeof language === 'string' && /^[A-Za-z-]{2,10}$/.test(language) ? language : undefined;
}

/** Sync's notifications are a few kilobytes; anything this large is not one of them. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Acknowledged with 200 so that Sync does not retry, but no execution starts. */
function ignore(context: IWebhookFunctions, reason: string): IWebhookResponseData {
	context.logger.debug(`Generation Trigger ignored a delivery: ${reason}`);
	return replyWith(context, 200, { received: true, ignored: reason });
}

/**
 * The exact bytes Sync signed. n8n keeps them in `rawBody`; if they were not read yet, read them.
 * Without them, the parsed body re-serialised compactly is what Sync's own samples verify.
 */
async function rawBodyOf(context: IWebhookFunctions): Promise<Buffer> {
	const request = context.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	const body = context.getBodyData();
	return Buffer.from(body && Object.keys(body).length > 0 ? JSON.stringify(body) : '');
}

/** Why the delivery must be refused (status and message), or undefined when it is authentic. */
async function authenticityProblem(
	context: IWebhookFunctions,
	rawBody: Buffer,
	settings: TriggerSettings,
): Promise<{ status: number; message: string } | undefined> {
	if (!settings.verifySignature) return undefined;
	const secret = await signingSecret(context);
	if (!secret) {
		context.logger.warn(
			`Generation Trigger refused a delivery: ${MISSING_SECRET_MESSAGE}. ${MISSING_SECRET_FIX}`,
		);
		return { status: 401, message: `${MISSING_SECRET_MESSAGE}. ${MISSING_SECRET_FIX}` };
	}
	const header = context.getHeaderData()['sync-signature'];
	const problem = verifySyncSignature(
		typeof header === 'string' ? header : undefined,
		rawBody,
		secret,
		settings.toleranceSeconds,
	);
	return problem ? { status: 401, message: SIGNATURE_PROBLEMS[problem] } : undefined;
}

/** The job as the output describes it: the delivered body, or the API's copy when re-fetching. */
async function currentState(
	context: IWebhookFunctions,
	notification: Notification,
	settings: TriggerSettings,
): Promise<{ json: IDataObject; status: string; model?: string } | undefined> {
	if (notification.kind === 'batch') {
		const batch = settings.refetch
			? await getBatch(context, notification.id)
			: batchSchema.parse(notification.body);
		return { json: normaliseBatch(batch), status: batch.status };
	}
	const generation = settings.refetch
		? await getGeneration(context, notification.id)
		: generationSchema.parse(notification.body);
	const json: IDataObject = normaliseGeneration(generation);
	// A dub's language (GET returns `dubParams`; Sync's webhook body may not): to store it by name.
	const language = dubLanguage(generation.dubParams);
	if (language) json.language = language;
	return { json, status: String(json.status), model: (json.model as string | null) ?? undefined };
}

async function downloadVideo(
	context: IWebhookFunctions,
	json: IDataObject,
): Promise<IBinaryData | undefined> {
	if (json.status !== 'COMPLETED' || typeof json.outputUrl !== 'string' || !json.outputUrl) {
		return undefined;
	}
	const baseName = outputBaseName(
		{
			id: String(json.id),
			outputFileName: typeof json.outputFileName === 'string' ? json.outputFileName : undefined,
		},
		typeof json.language === 'string' ? [json.language] : [],
	);
	return await downloadToBinary(context, {
		vendor: SYNC_LABS,
		url: json.outputUrl,
		fileName: `${baseName}.mp4`,
		mimeType: 'video/mp4',
	});
}

/**
 * Builds the output item after Sync has been answered. Returns undefined when the job's current
 * state (re-fetched) is not an event the user selected.
 */
async function buildItem(
	context: IWebhookFunctions,
	notification: Notification,
	settings: TriggerSettings,
	verified: boolean,
): Promise<INodeExecutionData | undefined> {
	let state: Awaited<ReturnType<typeof currentState>>;
	try {
		state = await currentState(context, notification, settings);
	} catch (error) {
		// With a verified signature the delivered body is Sync's word and good enough; without one,
		// the failed look-up is the only authenticity check there was, so nothing starts.
		const reason = (error as Error).message;
		if (!verified || !settings.refetch) {
			context.logger.warn(
				`Generation Trigger dropped ${notification.kind} ${notification.id}: ${reason}`,
			);
			return undefined;
		}
		context.logger.warn(
			`Generation Trigger could not re-fetch ${notification.kind} ${notification.id} (${reason}); using the signed delivery`,
		);
		try {
			state = await currentState(context, notification, { ...settings, refetch: false });
		} catch (parseError) {
			// Sync already has its 200: an error here would start an execution that only holds it.
			context.logger.warn(
				`Generation Trigger dropped ${notification.kind} ${notification.id}: the delivery is not a valid ${notification.kind} (${(parseError as Error).message})`,
			);
			return undefined;
		}
	}
	if (!state) return undefined;
	const event = eventOf(notification.kind, state.status);
	const reason = filteredOut(event, state.status, state.model, settings);
	if (reason) {
		context.logger.debug(
			`Generation Trigger ignored ${notification.kind} ${notification.id}: ${reason}`,
		);
		return undefined;
	}
	const item: INodeExecutionData = { json: state.json };
	if (settings.download && notification.kind === 'generation') {
		try {
			const binary = await downloadVideo(context, state.json);
			if (binary) item.binary = { [settings.binaryProperty]: binary };
		} catch (error) {
			// Sync has its 200 already: losing the event would be worse than a missing file.
			state.json.downloadError = (error as Error).message;
			context.logger.warn(
				`Generation Trigger could not download ${notification.id}: ${(error as Error).message}`,
			);
		}
	}
	return item;
}

/**
 * The trigger's `webhook()`: refuses what is not an authentic, well-formed Sync notification
 * without starting anything, acknowledges everything else at once (Sync must get its 200 quickly),
 * then re-fetches, filters, downloads and starts one execution per distinct event.
 */
export async function receiveSyncNotification(
	this: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const settings = readTriggerSettings(webhookChecks(this));
	const rawBody = await rawBodyOf(this);
	if (rawBody.length > MAX_BODY_BYTES) {
		return replyWith(this, 413, { message: `The body exceeds ${MAX_BODY_BYTES} bytes` });
	}
	const problem = await authenticityProblem(this, rawBody, settings);
	if (problem) return replyWith(this, problem.status, { message: problem.message });

	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return replyWith(this, 400, { message: 'The body is not JSON' });
	}
	const notification = readNotification(parsed);
	if (!notification) {
		return replyWith(this, 400, {
			message: 'The body is not a Sync Labs generation or batch notification',
		});
	}
	// Decide on the delivered fields first; a model the body leaves out is checked after re-fetching.
	const modelKnownLater = !notification.model && settings.refetch;
	const reason = filteredOut(
		eventOf(notification.kind, notification.status),
		notification.status,
		notification.model,
		modelKnownLater ? { ...settings, models: [] } : settings,
	);
	if (reason) return ignore(this, reason);
	const key = eventKey(notification);
	if (!claimEvent(this, key)) return ignore(this, 'this event was delivered before');
	const header = this.getHeaderData()['sync-signature'];
	const signedAt = settings.verifySignature
		? signatureTimestamp(typeof header === 'string' ? header : undefined)
		: undefined;

	this.getResponseObject().status(200).json({ received: true });
	let delivered = false;
	try {
		const item = await buildItem(this, notification, settings, settings.verifySignature);
		if (!item) return { noWebhookResponse: true };
		rememberEvent(this, key);
		delivered = true;
		return { noWebhookResponse: true, workflowData: [[item]] };
	} finally {
		releaseEvent(this, key, delivered, replayableUntil(signedAt, settings.toleranceSeconds));
	}
}
