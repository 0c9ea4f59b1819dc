#!/usr/bin/env bash
# Fuzz the sources stage with atheris: bench/fuzz.sh [RUNS]   (RUNS defaults to 100000)
# Needs the `fuzz` extra (pip install -e '.[fuzz]'). PYTHON=... picks the interpreter.
# Prints the number of inputs run and every crash found (libFuzzer stops at the first one;
# the crashing input is kept under bench/fuzz-findings/ to replay with:
#   python bench/fuzz_sources.py bench/fuzz-findings/crash-...).
set -uo pipefail
runs="${1:-100000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python=python3
if ! "$python" -c "import atheris" 2>/dev/null; then
    echo "atheris is not installed for $python: pip install -e '$root[fuzz]'" >&2
    exit 2
fi
work="$(mktemp -d)"
findings="$root/bench/fuzz-findings"
mkdir -p "$work/corpus" "$findings"
echo "*" >"$findings/.gitignore"     # findings stay local, never committed
export PYTHONPATH="$root/src${PYTHONPATH:+:$PYTHONPATH}"

"$python" "$root/bench/fuzz_sources.py" --make-seeds "$work/corpus" >/dev/null 2>&1 || exit 2
"$python" "$root/bench/fuzz_sources.py" -atheris_runs="$runs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -dict="$root/bench/fuzz_sources.dict" -artifact_prefix="$findings/" "$work/corpus" >"$work/log" 2>&1
status=$?

done_line="$(grep -E '^Done [0-9]+' "$work/log" | tail -1)"      # "Done 100000 in 40 second(s)"
last_stat="$(grep -E '^#[0-9]+' "$work/log" | tail -1)"         # "#99998 ... cov: 900 ft: ..."
echo "inputs run: $(echo "${done_line:-$last_stat}" | grep -oE '[0-9]+' | head -1) (${done_line:-stopped early})"
echo "coverage: $(echo "$last_stat" | grep -oE 'cov: [0-9]+ ft: [0-9]+')"
if [ "$status" -eq 0 ]; then
    echo "crashes: 0"
else
    echo "crashes: FOUND (exit $status)"
    grep -A 40 -E 'Uncaught Python exception|ERROR: libFuzzer|Test unit written' "$work/log" | head -60
fi
cp "$work/log" "$findings/last-run.log"
rm -rf "$work"
exit "$status"
