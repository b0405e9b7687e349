#!/usr/bin/env bash
# Fuzzes dbshape's input parsers (fuzz/fuzz_targets/): the statement splitter, the version
# parser, the config file and URLs, the dump reader, the row literals and the trigger-block
# matcher.
#
#   tests/reliability/fuzz.sh                  # the long form: 600 s per target
#   FUZZ_SECS=30 tests/reliability/fuzz.sh     # a quick check
#   FUZZ_TARGETS="splitter version" tests/reliability/fuzz.sh
#
# Needs a nightly toolchain (`rustup toolchain install nightly`); installs cargo-fuzz when
# it is missing. The corpus grows in fuzz/corpus/<target>/ (seeded from fuzz/seeds/), and a
# crashing input is saved in fuzz/artifacts/<target>/: replay it with
# `cargo +nightly fuzz run -s none <target> <file>`, fix the bug, and keep the input as a
# regression unit test next to the code it guards (docs/reliability.md lists them).
# Prints one line per target: executions, seconds, crashes; exits 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/../.."

FUZZ_SECS=${FUZZ_SECS:-600}
TARGETS=${FUZZ_TARGETS:-splitter version config dump_reader literals templates}
# Jobs sharing the machine: one process per target, targets one after another.
RSS_MB=${FUZZ_RSS_MB:-2048}

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# Safe Rust: the address sanitizer finds nothing the panics and assertions do not, and
# it would triple the time per execution. Coverage instrumentation stays on.
cargo +nightly fuzz build -s none

max_len() {
    case "$1" in
        version) echo 256 ;;
        config) echo 4096 ;;
        splitter) echo 16384 ;;
        dump_reader) echo 32768 ;;
        *) echo 4096 ;;
    esac
}

failed=0
summary=()
for t in $TARGETS; do
    corpus=fuzz/corpus/$t
    artifacts=fuzz/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    log=$artifacts/run.log
    before=$(find "$artifacts" -type f ! -name run.log | wc -l)
    start=$(date +%s)
    set +e
    cargo +nightly fuzz run -s none "$t" "$corpus" "fuzz/seeds/$t" -- \
        -max_total_time="$FUZZ_SECS" -max_len="$(max_len "$t")" \
        -rss_limit_mb="$RSS_MB" -timeout=10 -print_final_stats=1 >"$log" 2>&1
    rc=$?
    set -e
    secs=$(($(date +%s) - start))
    execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
    corpus_size=$(find "$corpus" -type f | wc -l)
    crashes=$(($(find "$artifacts" -type f ! -name run.log | wc -l) - before))
    if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        crashes=1 # stopped without an artifact (build or harness error): see the log
    fi
    line="$t: executions ${execs:-0}, time ${secs} s, crashes ${crashes}, corpus ${corpus_size} (log: $log)"
    echo "$line"
    summary+=("$line")
    if [ "$crashes" -ne 0 ]; then
        failed=1
        grep -m1 -A3 -E "panicked|ERROR: libFuzzer|SUMMARY" "$log" || true
    fi
done

echo
echo "fuzz summary (FUZZ_SECS=$FUZZ_SECS, load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %s\n' "${summary[@]}"
exit "$failed"
