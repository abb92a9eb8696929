/** A Markdown table; numbers are right-aligned, `textColumns` (indices) left-aligned. */
export function table(header: string[], rows: string[][], textColumns: number[] = [0]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	const align = header.map((_, index) => (textColumns.includes(index) ? '---' : '---:'));
	return [line(header), line(align), ...rows.map(line)].join('\n');
}
