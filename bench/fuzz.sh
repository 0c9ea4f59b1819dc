#!/usr/bin/env bash
# Fuzz with atheris: bench/fuzz.sh [RUNS]   (RUNS defaults to 100000, split over the two targets)
#   bench/fuzz_sources.py  every reader of the sources stage
#   bench/fuzz_clean.py    the cleaner (text, HTML, dates) and the timex / numeral parsers
# Needs the `fuzz` extra (pip install -e '.[fuzz]'). PYTHON=... picks the interpreter.
# Prints the number of inputs run per target and every crash found (libFuzzer stops at the first one;
# the crashing input is kept under bench/fuzz-findings/ to replay with:
#   python bench/fuzz_<target>.py bench/fuzz-findings/crash-...).
set -uo pipefail
runs="${1:-100000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python=python3
if ! "$python" -c "import atheris" 2>/dev/null; then
    echo "atheris is not installed for $python: pip install -e '$root[fuzz]'" >&2
    exit 2
fi
findings="$root/bench/fuzz-findings"
mkdir -p "$findings"
echo "*" >"$findings/.gitignore"     # findings stay local, never committed
export PYTHONPATH="$root/src${PYTHONPATH:+:$PYTHONPATH}"

fuzz() {   # fuzz SCRIPT RUNS LABEL [extra flags]
    local name="$1" n="$2" label="$3"; shift 3
    local work; work="$(mktemp -d)"
    mkdir -p "$work/corpus"
    "$python" "$root/bench/fuzz_$name.py" --make-seeds "$work/corpus" >/dev/null 2>&1 || return 2
    "$python" "$root/bench/fuzz_$name.py" "$@" -atheris_runs="$n" -timeout=10 -report_slow_units=5 -rss_limit_mb=2048 \
        -max_len=65536 -artifact_prefix="$findings/$label-" "$work/corpus" >"$work/log" 2>&1
    local status=$?
    local done_line last_stat
    done_line="$(grep -E '^Done [0-9]+' "$work/log" | tail -1)"      # "Done 100000 in 40 second(s)"
    last_stat="$(grep -E '^#[0-9]+' "$work/log" | tail -1)"         # "#99998 ... cov: 900 ft: ..."
    echo "== $label: inputs run: $(echo "${done_line:-$last_stat}" | grep -oE '[0-9]+' | head -1)" \
         "(${done_line:-stopped early})"
    echo "coverage: $(echo "$last_stat" | grep -oE 'cov: [0-9]+ ft: [0-9]+')"
    grep -E '^per target:' "$work/log" | tail -1
    echo "inputs over 5 s (each a new slowest): $(grep -cE '^Slowest unit: ' "$work/log")" \
         "$(grep -E '^Slowest unit: ' "$work/log" | tail -1 | grep -oE '[0-9]+ s' | sed 's/^/(slowest /;s/$/)/')"
    if [ "$status" -eq 0 ]; then
        echo "crashes: 0"
    else
        echo "crashes: FOUND (exit $status)"
        grep -A 40 -E 'Uncaught Python exception|ERROR: libFuzzer|Test unit written' "$work/log" | head -60
    fi
    cp "$work/log" "$findings/$label-last-run.log"
    rm -rf "$work"
    return "$status"
}

# RUNS split evenly: the sources (every reader) and seven cleaner/analyser targets, one libFuzzer run each;
# an input slower than 5 s counts as a crash (-timeout=10 -report_slow_units=5)
targets=(clean-text clean-html dates timex patterns numerals attributes)
share=$((runs / (1 + ${#targets[@]})))
failed=0
fuzz sources $((runs - share * ${#targets[@]})) sources -dict="$root/bench/fuzz_sources.dict" || failed=1
for target in "${targets[@]}"; do
    fuzz clean "$share" "$target" --target "$target" || failed=1
done
echo "total inputs requested: $runs"
exit "$failed"
