#!/usr/bin/env bash
# `npm run demo [-- --no-wait]`: the whole package working in a real n8n, offline, no API key.
# On a fresh clone it installs the dev dependencies first; the pinned n8n is installed (once, into
# ~/.cache/n8n-nodes-video-dub) by scripts/demo.ts. See scripts/demo.ts for options.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/devDependencies.sh
ensure_dev_dependencies

# One Node process (tsx as a loader, not its CLI wrapper), so Ctrl+C and the process guard that
# ties n8n and the emulator to this process's life see the demo itself.
exec node --import tsx scripts/demo.ts "$@"
