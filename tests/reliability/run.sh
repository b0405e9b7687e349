#!/usr/bin/env bash
# The long form of the reliability campaigns (tests/reliability.rs), run by hand:
# 50 kill -9 trials per command and engine, 20 rounds of 8 concurrent migrators,
# 15 rounds of the server going away under migrate/backup/restore, 20 sessions killed
# per command and server engine, a full disk, and
# 1,050 corrupt dumps per engine; then the fuzz targets (tests/reliability/fuzz.sh) when
# FUZZ_SECS is not 0. The short form of the same campaigns runs in `cargo test`.
#
# Usage: bash tests/reliability/run.sh
# Environment:
#   DBSHAPE_SEED   replay the random choices of an earlier run (printed at its start)
#   FUZZ_SECS      seconds per fuzz target [600]; 0 skips fuzzing
#   OUT            where the summary goes [tests/reliability/last-run.txt]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-tests/reliability/last-run.txt}
FUZZ_SECS=${FUZZ_SECS:-600}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "== campaigns (long form), started $start, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
status=0
# One test at a time: the campaigns time commands and kill them at random moments.
DBSHAPE_CAMPAIGN=long cargo test --release --test reliability -- --nocapture --test-threads 1 \
    2>&1 | tee "$log" >&2 || status=$?
{
    echo "dbshape $(git rev-parse --short HEAD), long form, started $start, finished $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    grep -oE '(seed|campaign|FAILURE) .*' "$log" || true
} > "$OUT"
if [ "$FUZZ_SECS" != 0 ]; then
    FUZZ_SECS=$FUZZ_SECS bash tests/reliability/fuzz.sh 2>&1 | tee -a "$log" >&2 || status=$?
    grep -E '^fuzz ' "$log" >> "$OUT" || true
fi
echo "== summary (also in $OUT)" >&2
cat "$OUT"
exit $status
