# Sourced by the entry scripts (scripts/test.sh, scripts/demo.sh): on a fresh clone, or when
# package-lock.json changed since the last install, install the development tool chain first, so
# that `npm test` and `npm run demo` work as the very first command.
# npm ci records what it installed in node_modules/.package-lock.json.
ensure_dev_dependencies() {
	local installed=node_modules/.package-lock.json
	if [ ! -f "$installed" ] || [ package-lock.json -nt "$installed" ]; then
		echo "Installing the development dependencies (npm ci)..."
		npm ci --no-audit --no-fund
	fi
}
