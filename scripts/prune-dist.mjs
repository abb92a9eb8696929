// Second half of `npm run build`. `n8n-node build` compiles with tsc, then copies every .png and
// .svg of the repository into dist/ (its glob skips only dist/, node_modules/ and dot-folders), so
// README screenshots (docs/screenshots/) and test fixtures land there too. This removes from dist/
// everything package.json `files` does not ship, leaving dist/ as n8n loads it: compiled nodes and
// credentials, codex files, icons.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const { files } = JSON.parse(readFileSync('package.json', 'utf8'));
const shipped = files.filter((entry) => entry === 'dist' || entry.startsWith('dist/'));

const isShipped = (entry) => shipped.some((kept) => entry === kept || entry.startsWith(`${kept}/`));
const holdsShipped = (dir) => shipped.some((kept) => kept.startsWith(`${dir}/`));

/** Removes what is neither shipped nor on the way to something shipped; returns what it removed. */
function prune(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((dirent) => {
		const entry = join(dir, dirent.name);
		if (isShipped(entry)) return [];
		if (dirent.isDirectory() && holdsShipped(entry)) return prune(entry);
		rmSync(entry, { recursive: true, force: true });
		return [entry];
	});
}

const removed = prune('dist');
if (removed.length > 0) {
	console.log(`Removed from dist/ (not in package.json "files"): ${removed.join(', ')}`);
}
