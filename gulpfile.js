// Copies what tsc does not emit (icons and other static files) into dist/, keeping relative paths,
// the same set `n8n-node build` copies: **/*.{png,svg} and **/__schema__/**/*.json.
const { rmSync } = require('node:fs');
const { src, dest } = require('gulp');

function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

function buildIcons() {
	return src(
		['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}', 'nodes/**/__schema__/**/*.json'],
		{ base: '.', encoding: false },
	).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = buildIcons;
