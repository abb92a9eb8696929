#!/usr/bin/env bash
# `npm run screenshots [-- <jest arguments>]`: regenerates the README's pictures in
# docs/screenshots/ with the browser tests, in the newest n8n (the one users install today). The
# tests alone never touch tracked files: they write their screenshots to .e2e/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/devDependencies.sh
ensure_dev_dependencies

export E2E_SCREENSHOT_DIR="$PWD/docs/screenshots"
exec node_modules/.bin/jest test/e2e/browser.e2e.test.ts test/e2e/nodePanel.e2e.test.ts test/e2e/inbox.e2e.test.ts \
	--selectProjects e2e-newest "$@"
