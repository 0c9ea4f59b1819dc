#!/usr/bin/env bash
# Install, then run the main job on the bundled sample corpus (examples/sample, fictional reports).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
rm -f sample.db sample.db-wal sample.db-shm
.venv/bin/parallax run examples/sample --db sample.db
echo "Results: the store sample.db (try: .venv/bin/parallax search ceasefire --db sample.db)"
