#!/usr/bin/env bash
# The test command: bootstrap (incl. browsers), then run every test layer that
# exists, in order, failing fast, with elapsed time per layer and a summary.
#
#   scripts/test.sh                      # all layers
#   LAYERS="native wasm" scripts/test.sh # a subset (same order rules apply)
#
# Layers (skipped automatically when they don't apply):
#   native    cargo test --all-targets                      (Cargo.toml)
#   clippy    cargo clippy --all-targets -- -D warnings     (clippy installed; SKIP_CLIPPY=1 to skip)
#   fuzz      scripts/fuzz.sh $FUZZ_SECONDS (default 20 s per target of fuzz/; needs cargo-fuzz,
#             which bootstrap --fuzz installs pinned: skipped with a message when it is missing)
#   wasm      scripts/build.sh -> pkg/                      (Cargo.toml)
#   typecheck tsc --noEmit -p <each of TS_PROJECTS>, with TypeScript 5 and the latest (tsconfig.json)
#   browser   wasm-pack test --headless --chrome --test <t> (tests/browser*.rs)
#   node      node --test <tests/node/**/*.test.{js,mjs,cjs}>
#   e2e       node --test --test-concurrency=1 <tests/e2e/**/*.test.{js,mjs,cjs}>  (after wasm; uses pkg/),
#             inside a private network namespace that has only loopback (scripts/netns.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

LAYERS="${LAYERS:-native clippy fuzz wasm typecheck browser node e2e}"

bootstrap_args=(--browsers)
case " $LAYERS " in *" fuzz "*) bootstrap_args+=(--fuzz) ;; esac
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh "${bootstrap_args[@]}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"   # keep wasm-pack from downloading one
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"      # for playwright-core (executablePath)
export CALLKIT_ROOT="$ROOT"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"

summary=()
current=""
t_start=0
total_start=$SECONDS

print_summary() {
  local rc=$?
  if [ -n "$current" ]; then
    summary+=("$(printf '%-10s FAIL  %4ss' "$current" "$((SECONDS - t_start))")")
  fi
  echo
  echo "==================== test summary ===================="
  local line
  for line in "${summary[@]}"; do echo "  $line"; done
  if [ "$rc" -eq 0 ]; then
    echo "  ALL PASSED in $((SECONDS - total_start))s"
  else
    echo "  FAILED (layer '${current:-?}', exit $rc) after $((SECONDS - total_start))s"
  fi
  echo "======================================================"
}
trap print_summary EXIT

skip() { summary+=("$(printf '%-10s skip  (%s)' "$1" "$2")"); echo ">>> [$1] skipped: $2"; }

run_layer() {
  local name="$1"; shift
  echo
  echo ">>> [$name] $*"
  current="$name"; t_start=$SECONDS
  "$@"   # set -e: a failure exits here; the EXIT trap reports it
  summary+=("$(printf '%-10s ok    %4ss' "$name" "$((SECONDS - t_start))")")
  current=""
}

# JS test files under a folder, using node's default naming convention
# (*.test.*, *-test.*, *_test.*, test-*.*) so helpers/fixtures aren't run as tests.
js_tests() {
  [ -d "$1" ] || return 0
  find "$1" -type f \( -name '*.test.js' -o -name '*.test.mjs' -o -name '*.test.cjs' \
       -o -name '*[-_]test.js' -o -name '*[-_]test.mjs' -o -name '*[-_]test.cjs' \
       -o -name 'test-*.js' -o -name 'test-*.mjs' -o -name 'test-*.cjs' \) \
       -not -path '*/node_modules/*' | sort
}

# The TypeScript checks: each project with TypeScript 5 (the `typescript5` npm alias) and the
# latest (`typescript`). Called by path: both packages install a `tsc` bin, and which one
# node_modules/.bin/tsc is depends on the install order.
TS_COMPILERS=(node_modules/typescript5/bin/tsc node_modules/typescript/bin/tsc)
TS_PROJECTS=(
  tsconfig.json                                  # the package's declarations: typed apps, the incumbent corpus
  tests/typecheck/incumbent/tsconfig.json        # the incumbent corpus against the incumbent's own declarations
  tests/typecheck/incumbent/tsconfig.compat.json # this package's types next to the incumbent's
)
typecheck() {
  local tsc project
  for tsc in "${TS_COMPILERS[@]}"; do
    [ -f "$tsc" ] || { echo "typecheck: $tsc is missing (npm ci)" >&2; return 1; }
    for project in "${TS_PROJECTS[@]}"; do
      echo "typecheck: TypeScript $(node "$tsc" --version | sed 's/^Version //'): $project"
      node "$tsc" --noEmit -p "$project"
    done
  done
}

browser_tests() {
  local f
  shopt -s nullglob
  for f in tests/browser*.rs; do basename "$f" .rs; done
  shopt -u nullglob
}

for layer in $LAYERS; do
  case "$layer" in
    native)
      if [ -f Cargo.toml ]; then run_layer native cargo test --all-targets
      else skip native "no Cargo.toml"; fi ;;
    clippy)
      if [ ! -f Cargo.toml ]; then skip clippy "no Cargo.toml"
      elif [ "${SKIP_CLIPPY:-0}" = 1 ]; then skip clippy "SKIP_CLIPPY=1"
      elif cargo clippy --version >/dev/null 2>&1 \
           || { rustup component add clippy >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; }; then
        run_layer clippy cargo clippy --all-targets -- -D warnings
        run_layer clippy-wasm cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
      else skip clippy "clippy not installable"; fi ;;
    fuzz)
      if [ ! -f fuzz/Cargo.toml ]; then skip fuzz "no fuzz/Cargo.toml"
      elif ! cargo fuzz --version >/dev/null 2>&1; then skip fuzz "cargo-fuzz not installed (scripts/bootstrap.sh --fuzz)"
      else run_layer fuzz scripts/fuzz.sh "${FUZZ_SECONDS:-20}"; fi ;;
    wasm)
      if [ -f Cargo.toml ]; then run_layer wasm scripts/build.sh
      else skip wasm "no Cargo.toml"; fi ;;
    typecheck)
      if [ -f tsconfig.json ]; then run_layer typecheck typecheck
      else skip typecheck "no tsconfig.json"; fi ;;
    browser)
      mapfile -t btests < <(browser_tests)
      if [ "${#btests[@]}" -gt 0 ]; then
        targs=(); for t in "${btests[@]}"; do targs+=(--test "$t"); done
        run_layer browser wasm-pack test --headless --chrome "${targs[@]}"
      else skip browser "no tests/browser*.rs"; fi ;;
    node)
      mapfile -t ntests < <(js_tests tests/node)
      if [ "${#ntests[@]}" -gt 0 ]; then run_layer node node --test "${ntests[@]}"
      else skip node "no tests/node/*.test.{js,mjs,cjs}"; fi ;;
    e2e)
      mapfile -t etests < <(js_tests tests/e2e)
      if [ "${#etests[@]}" -eq 0 ]; then skip e2e "no tests/e2e/*.test.{js,mjs,cjs}"
      else
        [ -f pkg/callkit_invite_bg.wasm ] || run_layer wasm scripts/build.sh
        # In a private network namespace with only loopback (scripts/netns.sh): the calls'
        # WebRTC then pairs 127.0.0.1 candidates only and nothing leaves the machine.
        run_layer e2e scripts/netns.sh node --test --test-concurrency=1 "${etests[@]}"
      fi ;;
    *) echo "test: unknown layer '$layer' (known: native clippy fuzz wasm typecheck browser node e2e)" >&2; exit 2 ;;
  esac
done
