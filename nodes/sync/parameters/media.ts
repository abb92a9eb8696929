import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MediaKind } from '../../shared/binary';
import { checkedBinary, mp4Duration } from '../../shared/binary';
import type { ParameterChecks } from '../../shared/validation';
import type { AssetType } from '../api/assets';
import { uploadAsset } from '../api/assets';
import { earlierAsset } from '../generation/earlierRun';
import { fileBaseName, urlFileBaseName } from '../generation/fileName';
import { assetIdProperty } from './ids';

/**
 * One piece of media (a video, an image or an audio file) given as a public URL, as a binary of the
 * item (streamed to Sync's asset upload) or as an asset of the Sync library: the parameters, their
 * reader and their checks.
 */

export type MediaSource = 'url' | 'binary' | 'asset';

/** Where one piece of media comes from, as the user configured it. */
export interface MediaSpec {
	kind: MediaKind;
	source: MediaSource;
	/** The URL, the binary property name, or the asset id. */
	value: unknown;
	/** The parameter that holds `value`, to name it in errors. */
	field: string;
	refId?: string;
}

/** A checked media input; `resolve` does the I/O (an upload for binaries) at submit time. */
export interface PreparedMedia {
	resolve(): Promise<IDataObject>;
	/** The length of an MP4 binary, from its header (nothing is uploaded for it). */
	durationSeconds?(): Promise<number | undefined>;
	/** The input's file name without extension (a binary's, or a URL's), to name outputs after. */
	fileName?: string;
}

export const ASSET_TYPES: Record<MediaKind, AssetType> = {
	video: 'VIDEO',
	image: 'IMAGE',
	audio: 'AUDIO',
};

/** URL placeholders with the extension each kind of media has. */
const URL_PLACEHOLDER_FILES: Record<MediaKind, string> = {
	video: 'video.mp4',
	image: 'face.jpg',
	audio: 'speech.wav',
};

const SOURCE_FIELDS: Record<MediaSource, { suffix: string; label: string }> = {
	url: { suffix: 'Url', label: 'URL' },
	binary: { suffix: 'BinaryProperty', label: 'Input Binary Field' },
	asset: { suffix: 'AssetId', label: 'Asset ID' },
};

const SOURCES = Object.keys(SOURCE_FIELDS) as MediaSource[];

/** "Input Binary Field" as n8n's nodes call it; "Video Input Binary Field" beside other media. */
const binaryFieldName = (spec: { displayName: string; binaryField?: string }) =>
	spec.binaryField ?? `${spec.displayName} ${SOURCE_FIELDS.binary.label}`;

/** The parameters that pick one piece of media: its source, then the URL, binary or asset. */
export function mediaProperties(spec: {
	name: string;
	displayName: string;
	kind: MediaKind;
	kindLabel: string;
	/** The binary field's name when it is the node's only one ("Input Binary Field"). */
	binaryField?: string;
	displayOptions?: INodeProperties['displayOptions'];
}): INodeProperties[] {
	const show = (source: MediaSource): INodeProperties['displayOptions'] => ({
		...spec.displayOptions,
		show: { ...spec.displayOptions?.show, [`${spec.name}Source`]: [source] },
	});
	return [
		{
			displayName: `${spec.displayName} Source`,
			name: `${spec.name}Source`,
			type: 'options',
			displayOptions: spec.displayOptions,
			options: [
				{
					name: 'Asset ID',
					value: 'asset',
					description: `A ${spec.kindLabel} already in your Sync media library`,
				},
				{
					name: 'Binary Property',
					value: 'binary',
					description: `A ${spec.kindLabel} file in this item, uploaded to Sync by streaming`,
				},
				{
					name: 'URL',
					value: 'url',
					description: `A public URL Sync can download the ${spec.kindLabel} from`,
				},
			],
			default: 'url',
		},
		{
			displayName: `${spec.displayName} URL`,
			name: `${spec.name}Url`,
			type: 'string',
			default: '',
			required: true,
			placeholder: `https://example.com/${URL_PLACEHOLDER_FILES[spec.kind]}`,
			displayOptions: show('url'),
		},
		{
			// n8n's own wording; "<Kind> Input Binary Field" where a node takes several media.
			displayName: binaryFieldName(spec),
			name: `${spec.name}BinaryProperty`,
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: show('binary'),
			description: `The binary property of the item that holds the ${spec.kindLabel}`,
		},
		assetIdProperty({
			name: `${spec.name}AssetId`,
			displayName: `${spec.displayName} Asset ID`,
			assetType: ASSET_TYPES[spec.kind],
			description: `A ${spec.kindLabel} of your Sync media library`,
			displayOptions: show('asset'),
		}),
	];
}

/** Reads what `mediaProperties` declared (top-level parameters named `<name>...`). */
export function readMediaSpec(
	checks: ParameterChecks,
	spec: { name: string; displayName: string; kind: MediaKind; binaryField?: string },
): MediaSpec {
	return mediaSpecFrom(checks, spec, (suffix, fallback) =>
		checks.read(`${spec.name}${suffix}`, fallback),
	);
}

/**
 * The same from an object holding the parameters (a speaker of a fixed collection), e.g.
 * `{ audioSource, audioUrl, ... }`; `label` prefixes the field names.
 */
export function mediaSpecFrom(
	checks: ParameterChecks,
	spec: {
		name: string;
		displayName: string;
		kind: MediaKind;
		refId?: string;
		binaryField?: string;
	},
	read: (suffix: string, fallback: unknown) => unknown,
): MediaSpec {
	const source = checks.oneOf(read('Source', 'url'), `${spec.displayName} Source`, SOURCES);
	const field = SOURCE_FIELDS[source];
	return {
		kind: spec.kind,
		source,
		value: read(field.suffix, source === 'binary' ? 'data' : ''),
		field: source === 'binary' ? binaryFieldName(spec) : `${spec.displayName} ${field.label}`,
		refId: spec.refId,
	};
}

/**
 * Checks a media spec without calling Sync: the URL is an http(s) URL without credentials, the
 * asset ID is plausible, the binary exists, is not empty and is media of the expected kind.
 */
export async function prepareMedia(
	context: IExecuteFunctions,
	checks: ParameterChecks,
	spec: MediaSpec,
): Promise<PreparedMedia> {
	const input = (reference: IDataObject): IDataObject => ({
		type: spec.kind,
		...reference,
		...(spec.refId ? { refId: spec.refId } : {}),
	});
	if (spec.source === 'url') {
		const url = checks.httpUrl(
			spec.value,
			spec.field,
			'Sync downloads the media from this URL, so it must be public. For a file in n8n, choose "Binary Property" as the source.',
		);
		return { resolve: async () => input({ url }), fileName: urlFileBaseName(url) };
	}
	if (spec.source === 'asset') {
		const assetId = checks.id(spec.value, spec.field);
		return { resolve: async () => input({ assetId }) };
	}
	const binary = await checkedBinary(
		context,
		checks,
		checks.text(spec.value, spec.field),
		spec.kind,
	);
	const itemIndex = checks.itemIndex ?? 0;
	// Uploaded once however many jobs (a dub's languages, an estimate) use it; a retry of a crashed
	// execution uses the upload of the run it retries when there is one.
	const type = ASSET_TYPES[spec.kind];
	const upload = async () =>
		(await earlierAsset(context, binary, type, itemIndex)) ??
		(await uploadAsset(context, binary, type, itemIndex));
	let asset: ReturnType<typeof upload> | undefined;
	return {
		resolve: async () => input({ assetId: (await (asset ??= upload())).id }),
		durationSeconds: async () => await mp4Duration(binary),
		// A binary without a name of its own is called after its property ("data.bin"): no name.
		fileName: binary.fileName.startsWith(`${binary.propertyName}.`)
			? undefined
			: fileBaseName(binary.fileName),
	};
}
