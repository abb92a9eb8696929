import type { ToolDescriptions } from '../../shared/parameters/toolDescription';

/** What an AI agent reads about Video To Music as a tool (see withToolDescriptions). */
export const VIDEO_TO_MUSIC_TOOL_DESCRIPTIONS: ToolDescriptions = {
	'soundtrack:compose':
		'Composes a soundtrack (music, optionally with sound effects) that fits a video, with ElevenLabs. Needs the video: a public http(s) URL of an MP4 or MOV file (or a file from the workflow, depending on how the tool is set up), and optionally a description of the mood, genre and instruments (at most 1000 characters). Takes up to a few minutes. Returns JSON about the audio file it made: fileName, mimeType, outputFormat (codec_sampleRate_bitrate, e.g. mp3_44100_128), bytes (file size), durationSeconds (as long as the video), model and the videos it was composed for. The audio itself stays in the workflow as binary data; it is not part of this answer.',
};
