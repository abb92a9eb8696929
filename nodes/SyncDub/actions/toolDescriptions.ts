import type { ToolDescriptions } from '../../shared/parameters/toolDescription';

/** What an AI agent reads about Sync Dub as a tool (see withToolDescriptions). */
export const SYNC_DUB_TOOL_DESCRIPTIONS: ToolDescriptions = {
	'video:dub':
		'Dubs a video into one or more languages with Sync Labs: the speech is translated, re-voiced and the lips are synced to the new speech. Needs a public http(s) URL of the video (Sync downloads it) and the target language as an ISO 639-1 code such as es, fr, de or ja (English names such as Spanish work too). Waits until the dub is done (minutes) unless set to "Don\'t Wait". Returns JSON, one object per language: id (the Sync generation id), status (COMPLETED when done; PENDING or PROCESSING when not waited for; FAILED with error), language (the target language code), outputUrl (download URL of the dubbed MP4 once COMPLETED, otherwise null), outputDuration (seconds) and model.',
	'video:estimateCost':
		'Estimates what dubbing a video into one or more languages with Sync Labs would cost, without dubbing it (nothing is submitted or billed). Needs a public http(s) URL of the video and the target languages as ISO 639-1 codes such as es, fr, de (English names work too). Returns JSON, one object per language: language, model, estimatedGenerationCost (USD), estimatedFrameCount, currency (USD), basis (inputs: Sync measured the video; duration: from its length), totalEstimatedCost (USD, all languages of the video together) and languages (how many).',
};
