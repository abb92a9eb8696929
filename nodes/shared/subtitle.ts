import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * An expression (without `={{ }}`) that shows the label of the value chosen in `parameter`, for
 * node subtitles on the canvas: "Spanish" rather than "es". An unknown value shows as it is.
 */
export function labelOf(parameter: string, labels: Record<string, string>): string {
	const value = `$parameter[${JSON.stringify(parameter)}]`;
	return `(${JSON.stringify(labels)}[${value}] || ${value})`;
}

/**
 * A subtitle expression (with `={{ }}`) that shows the chosen operation's action, e.g.
 * "Get a generation", read from the operation parameters of each resource.
 */
export function actionSubtitle(properties: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const property of properties) {
		const resources = property.displayOptions?.show?.resource;
		if (property.name !== 'operation' || !Array.isArray(resources)) continue;
		for (const option of (property.options ?? []) as INodePropertyOptions[]) {
			for (const resource of resources)
				actions[`${String(resource)}:${String(option.value)}`] = option.action ?? option.name;
		}
	}
	return `={{ ${JSON.stringify(actions)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}
