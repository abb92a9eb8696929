import type { INodeProperties } from 'n8n-workflow';

import type { ParameterChecks } from '../validation';

/**
 * "Download Output" and "Put Output File in Field" (n8n's own wording): whether a finished video is stored as a binary and
 * under which property. Each node shows the pair with its own default.
 */
export function outputBinaryProperties(options: {
	downloadByDefault: boolean;
	/** What gets downloaded, e.g. "the finished video of a COMPLETED generation". */
	what: string;
	displayOptions?: INodeProperties['displayOptions'];
}): INodeProperties[] {
	const { displayOptions } = options;
	const download: INodeProperties = {
		displayName: 'Download Output',
		name: 'downloadOutput',
		type: 'boolean',
		default: false,
		displayOptions,
		description: `Whether to download ${options.what} into a binary property (otherwise only its URL is returned)`,
	};
	return [
		{ ...download, default: options.downloadByDefault },
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyOutput',
			type: 'string',
			default: 'data',
			displayOptions: {
				...displayOptions,
				show: { ...displayOptions?.show, downloadOutput: [true] },
			},
			description: 'The binary property the video is written to',
		},
	];
}

export interface OutputBinary {
	download: boolean;
	binaryProperty: string;
}

/** Reads the pair; an empty field name means the default field, `data`. */
export function readOutputBinary(
	checks: ParameterChecks,
	downloadByDefault: boolean,
): OutputBinary {
	const download = checks.boolean(
		checks.read('downloadOutput', downloadByDefault),
		'Download Output',
		downloadByDefault,
	);
	const binaryProperty = download
		? checks.optionalText(checks.read('binaryPropertyOutput', 'data'))
		: undefined;
	return { download, binaryProperty: binaryProperty ?? 'data' };
}
