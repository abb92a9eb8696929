import type { ToolDescriptions } from '../../shared/parameters/toolDescription';

const GENERATION_FIELDS =
	'id (the Sync generation id), status (PENDING, PROCESSING, COMPLETED, FAILED, REJECTED or CANCELED), model, createdAt, outputUrl (download URL of the finished video once COMPLETED, otherwise null), outputDuration (seconds) and error and errorCode when it failed';

/** What an AI agent reads about Lipsync Generation as a tool (see withToolDescriptions). */
export const LIPSYNC_GENERATION_TOOL_DESCRIPTIONS: ToolDescriptions = {
	'generation:create': `Lip-syncs a video with Sync Labs: the person in the video is made to speak new speech, from an audio file or from a script read by an ElevenLabs voice. Needs a public http(s) URL of the video and a public URL of the audio (or a script, depending on how the tool is set up). Unless it is set to wait, it only starts the generation: the answer then has status PENDING and no outputUrl yet; ask for the generation by its id later (the Get operation) to read the result. Returns JSON with ${GENERATION_FIELDS}.`,
	'generation:get': `Gets a Sync Labs generation (lip-sync or dub) by its id, e.g. to check on one started earlier. Needs the generation id (a UUID such as the id a create call returned). Returns JSON with ${GENERATION_FIELDS}.`,
};
