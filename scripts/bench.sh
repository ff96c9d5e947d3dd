#!/usr/bin/env bash
# The benchmark command: size, start-up, interaction, memory, media and core throughput. Prints
# a table and writes BENCHMARKS.md at the repository root. Not part of scripts/test.sh.
#
#   scripts/bench.sh
#
# Steps: bootstrap (incl. Chromium), build pkg/ (scripts/build.sh), run the native harness
# (examples/core_throughput.rs, release) into target/bench/core_throughput.json, the media part
# (bench/media.mjs with its Janus part, bench/janus.mjs, which starts its own Janus; in a
# loopback-only network namespace) into target/bench/media.json, serve the repository
# (scripts/serve.py, free port), run `node bench/run.mjs`.
# Takes about 6 to 8 minutes on 2 cores. Env knobs for a smoke run: see bench/run.mjs and
# bench/media.mjs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
start=$SECONDS
BENCH_STARTED="$(date +%s)"
BENCH_ROOT_PID=$$
export BENCH_STARTED BENCH_ROOT_PID

# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh --browsers
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CALLKIT_ROOT="$ROOT"

echo ">>> [build] scripts/build.sh"
scripts/build.sh

echo ">>> [core] cargo run --release --example core_throughput"
mkdir -p target/bench
export BENCH_CORE_JSON="$ROOT/target/bench/core_throughput.json"
rm -f "$BENCH_CORE_JSON"
cargo run --quiet --release --example core_throughput -- --json "$BENCH_CORE_JSON"

# In a private network namespace that has only loopback (scripts/netns.sh): WebRTC pairs
# 127.0.0.1 candidates only. It serves the repository itself there (the host's loopback is
# another namespace's). The rest of the bench needs the network (the incumbent's npm tarball).
echo ">>> [media] scripts/netns.sh node bench/media.mjs (mesh, then Janus)"
export BENCH_MEDIA_JSON="$ROOT/target/bench/media.json"
rm -f "$BENCH_MEDIA_JSON"
scripts/netns.sh node bench/media.mjs

echo ">>> [serve] scripts/serve.py on a free port"
log="$(mktemp "${TMPDIR:-/tmp}/callkit-bench-serve.XXXXXX")"
PORT=0 HOST=127.0.0.1 SERVE_QUIET=1 python3 scripts/serve.py >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT
origin=""
for _ in $(seq 100); do
  origin="$(sed -nE 's#^serving (http://[^/ ]+)/.*#\1#p' "$log")"
  [ -n "$origin" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "bench: serve.py exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$origin" ] || { cat "$log" >&2; echo "bench: serve.py did not start in 10 s" >&2; exit 1; }
export BENCH_ORIGIN="$origin"

echo ">>> [browser] node bench/run.mjs ($origin)"
node bench/run.mjs
echo "bench: done in $((SECONDS - start)) s"
