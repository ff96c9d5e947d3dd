#!/usr/bin/env bash
# Build the wasm package into pkg/ (pkg/callkit_invite.js, pkg/callkit_invite_bg.wasm, ...).
#   scripts/build.sh [extra wasm-pack build args...]
# wasm-opt comes from the npm `binaryen` devDependency (node_modules/.bin on PATH).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The build's own arguments are for wasm-pack, not for bootstrap.
build_args=("$@")
set --
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
set -- "${build_args[@]}"

[ -f Cargo.toml ] || { echo "build: no Cargo.toml in $PWD" >&2; exit 1; }

echo "build: wasm-pack build --release --target web $*"
wasm-pack build --release --target web "$@"
node scripts/postbuild.mjs pkg

for f in pkg/callkit_invite.js pkg/callkit_invite_bg.wasm pkg/package.json; do
  [ -f "$f" ] || { echo "build: expected output $f is missing" >&2; exit 1; }
done
echo "build: ok: pkg/callkit_invite_bg.wasm $(wc -c < pkg/callkit_invite_bg.wasm) bytes"
