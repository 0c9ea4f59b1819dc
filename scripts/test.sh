#!/usr/bin/env bash
# Install, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# Browser tests drive Debian's Chromium (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: browser tests will skip"
fi
.venv/bin/python -m pytest "$@"
