#!/usr/bin/env bash
# `npm test [-- <jest arguments>]`: every test (unit, integration, and the end-to-end suite in
# each n8n of test/e2e/hosts/targets.json). On a fresh clone it installs the dev dependencies
# first; each n8n is installed (once, into ~/.cache/n8n-nodes-video-dub) by the e2e global setup.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/devDependencies.sh
ensure_dev_dependencies

exec node_modules/.bin/jest "$@"
