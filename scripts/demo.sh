#!/usr/bin/env bash
# Install, then run the main job on the bundled sample corpus (examples/sample, fictional reports):
# store -> sample.db, briefing -> briefing.html, then the web UI on http://127.0.0.1:8000/
# (Ctrl-C stops it; NO_SERVE=1 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
rm -f sample.db sample.db-wal sample.db-shm
.venv/bin/parallax run examples/sample --db sample.db
.venv/bin/parallax report --db sample.db --out briefing.html
if [ "${NO_SERVE:-0}" = 1 ]; then
    echo "Store: sample.db   Briefing: $(pwd)/briefing.html   UI: .venv/bin/parallax serve --db sample.db"
else
    exec .venv/bin/parallax serve --db sample.db --port "${PORT:-8000}"
fi
