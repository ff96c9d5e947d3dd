#!/usr/bin/env bash
# Build the wasm package into pkg/: pkg/callkit_invite{.js,_bg.wasm,.d.ts}, the entries
# pkg/{index,node,manual}.js with their .d.ts, the NATS adapter pkg/nats{.js,.d.ts} and the Janus
# media engine pkg/janus{.js,.d.ts} (js/, copied by postbuild), LICENSE and the npm README, and the demo's ES module copy of the NATS client
# (www/vendor/, scripts/demo-vendor.mjs).
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

# The toolchain is rust-toolchain.toml's (a pinned nightly): std is rebuilt without panic
# messages, their source locations or Debug formatting (a panic still aborts, as with
# `panic = "abort"`), about 5 KB less gzipped than prebuilt std. Its own target dir: other
# RUSTFLAGS than the native builds'.
# The pinned compiler, or no build: RUSTUP_TOOLCHAIN or `cargo +x` would override the file.
want="$(sed -nE 's/^# +(rustc .*)$/\1/p' rust-toolchain.toml | head -n1)"
[ "$(rustc --version)" = "$want" ] || { echo "build: rustc is $(rustc --version), not $want (rust-toolchain.toml); unset RUSTUP_TOOLCHAIN" >&2; exit 1; }
wasm_pack() { # <out-dir> <cargo args...>
  local out="$1"; shift
  echo "build: wasm-pack build --release --target web --out-dir $out ${build_args[*]} -- -Z build-std=std,panic_abort $* ($(rustc --version))"
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/build-std" \
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
    wasm-pack build . --release --target web --out-dir "$out" "${build_args[@]}" -- -Z build-std=std,panic_abort "$@"
}
rm -rf pkg
wasm_pack pkg
node scripts/postbuild.mjs pkg
node scripts/demo-vendor.mjs

for f in pkg/callkit_invite.js pkg/callkit_invite_bg.wasm pkg/package.json pkg/index.js pkg/node.js pkg/manual.js pkg/index.d.ts pkg/manual.d.ts \
         pkg/LICENSE pkg/README.md pkg/nats.js pkg/nats.d.ts pkg/janus.js pkg/janus.d.ts www/vendor/nats-core.js; do
  [ -f "$f" ] || { echo "build: expected output $f is missing" >&2; exit 1; }
done
echo "build: ok: pkg/callkit_invite_bg.wasm $(wc -c < pkg/callkit_invite_bg.wasm) bytes"
