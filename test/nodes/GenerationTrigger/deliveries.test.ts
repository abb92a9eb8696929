import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import {
	CLOCK_MARGIN_MS,
	RETENTION_MS,
	claimEvent,
	releaseEvent,
	replayableUntil,
} from '../../../nodes/GenerationTrigger/deliveries';

/** A webhook call of one activated trigger node, with its own copy of the static data (as in n8n). */
function call(staticData: IDataObject = {}): IWebhookFunctions {
	return {
		getWorkflow: () => ({ id: 'workflow-1' }),
		getNode: () => ({ id: 'trigger-node-1' }),
		getWorkflowStaticData: () => staticData,
	} as unknown as IWebhookFunctions;
}

describe('the delivery register', () => {
	const signedAt = 1_800_000_000;
	const now = signedAt * 1000;

	it('keeps a delivered event for as long as its signature could be replayed', () => {
		const key = 'generation:replayed:COMPLETED';
		expect(claimEvent(call(), key, now)).toBe(true);
		releaseEvent(call(), key, true, replayableUntil(signedAt, 300, now));
		// 61 s later (the old in-memory window), within the 300 s tolerance: still refused.
		expect(claimEvent(call(), key, now + 61_000)).toBe(false);
		expect(claimEvent(call(), key, now + 300_000 + CLOCK_MARGIN_MS)).toBe(false);
		// After the signature window no replay passes the signature check; the entry may go.
		expect(claimEvent(call(), key, now + 300_000 + CLOCK_MARGIN_MS + 1)).toBe(true);
	});

	it('without a time check, keeps the event for the retention period', () => {
		const key = 'generation:unsigned:COMPLETED';
		expect(claimEvent(call(), key, now)).toBe(true);
		releaseEvent(call(), key, true, replayableUntil(undefined, 300, now));
		expect(claimEvent(call(), key, now + RETENTION_MS - 1)).toBe(false);
		expect(replayableUntil(signedAt, 0, now)).toBe(now + RETENTION_MS);
	});

	it('releases at once an event that started nothing, so a later delivery can still start it', () => {
		const key = 'generation:filtered:COMPLETED';
		expect(claimEvent(call(), key, now)).toBe(true);
		expect(claimEvent(call(), key, now)).toBe(false); // in flight
		releaseEvent(call(), key, false, replayableUntil(signedAt, 300, now));
		expect(claimEvent(call(), key, now)).toBe(true);
	});

	it('also refuses events the static data remembers (another process, or before a restart)', () => {
		const key = 'generation:elsewhere:COMPLETED';
		expect(claimEvent(call({ deliveredEvents: { [key]: now - 1000 } }), key, now)).toBe(false);
	});
});
