#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ for a while each (cargo-fuzz, on the pinned nightly of
# rust-toolchain.toml).
#
#   scripts/fuzz.sh                 # every target, 20 s each (the test command's `fuzz` layer)
#   scripts/fuzz.sh 1800            # every target, 30 min each (the long run, docs/reliability.md)
#   scripts/fuzz.sh 60 decode       # one target
#
# Corpora grow in fuzz/corpus/<target>/ (not committed; fuzz/seeds/<target>/ seeds them). A
# crash fails the run and leaves its input in fuzz/artifacts/<target>/: reproduce it with
# `cargo fuzz run <target> <file>`, then make it a test in tests/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../fuzz"

seconds="${1:-20}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(decode kit_messages)

for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  inputs=("corpus/$target")
  [ -d "seeds/$target" ] && inputs+=("seeds/$target")
  options=(-max_total_time="$seconds" -max_len=4096 -print_final_stats=1)
  [ -f "$target.dict" ] && options+=(-dict="$target.dict")
  # A stateful target wants long inputs at once, not after hours of slow growth.
  [ "$target" = kit_messages ] && options+=(-len_control=0)
  log="$(mktemp)"
  echo "fuzz: $target for ${seconds}s"
  if ! cargo fuzz run "$target" "${inputs[@]}" -- "${options[@]}" >"$log" 2>&1; then
    tail -n 60 "$log"
    rm -f "$log"
    echo "fuzz: $target FAILED (input saved under fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  runs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n1)"
  speed="$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -n1)"
  cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -n1)"
  echo "fuzz: $target ok: ${runs:-?} executions in ${seconds}s (${speed:-?}/s, $cov), 0 crashes"
  rm -f "$log"
done
