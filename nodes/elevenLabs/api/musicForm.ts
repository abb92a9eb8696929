import type { BinaryInput } from '../../shared/binary';
import { StreamedFile } from '../../shared/binary';
import type { BinaryStream } from '../../shared/transport';

/** The request's fields besides the videos, as the form sends them. */
export interface MusicFormFields {
	description?: string;
	tags: string[];
	model: string;
	/** Sent only when set, so the API's own defaults apply otherwise. */
	flags: Partial<Record<string, boolean>>;
}

/**
 * Builds the multipart body of POST /v1/music/video-to-music the way ElevenLabs' JS SDK does:
 * repeated `videos` file parts (never `videos[]`), repeated `tags` fields, booleans as "true" /
 * "false". Each build opens fresh streams, so the transport can rebuild the form for a retry
 * after a 429; `close()` releases whatever an earlier attempt left half-read.
 */
export class SoundtrackForm {
	private open: BinaryStream[] = [];

	constructor(
		private readonly settings: MusicFormFields,
		private readonly videos: BinaryInput[],
	) {}

	readonly build = async (): Promise<FormData> => {
		this.close();
		const form = new FormData();
		const { description, tags, model, flags } = this.settings;
		// Text fields first: the server can refuse a bad field before the videos arrive.
		if (description !== undefined) form.append('description', description);
		for (const tag of tags) form.append('tags', tag);
		form.append('model_id', model);
		for (const [field, value] of Object.entries(flags))
			form.append(field, value ? 'true' : 'false');
		for (const video of this.videos) {
			const content = await video.open();
			if (!Buffer.isBuffer(content)) this.open.push(content);
			// No file-name argument: FormData would copy the File into an empty one (see StreamedFile).
			form.append('videos', new StreamedFile(content, video.size, video.fileName, video.mimeType));
		}
		return form;
	};

	/** Destroys the streams of the last build that were not read to the end. */
	close(): void {
		for (const stream of this.open) if (!stream.destroyed) stream.destroy();
		this.open = [];
	}
}
