#!/usr/bin/env bash
# Build the wasm package into pkg/: pkg/callkit_invite{.js,_bg.wasm,.d.ts} without the NATS
# transport and pkg/nats/callkit_invite{.js,_bg.wasm,.d.ts} with it.
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
# Two flavors, one package: pkg/ without the NATS transport (what most pages load) and
# pkg/nats/ with it (`CallKit.natsSignaling`), so a page pays for NATS only when it uses it.
# Each is a whole build: a page loads one of them.
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
wasm_pack pkg --no-default-features
wasm_pack pkg/nats
# The package is pkg/: the flavor folder keeps only its module, types and wasm.
rm -f pkg/nats/package.json pkg/nats/README.md pkg/nats/.gitignore pkg/nats/LICENSE*
node scripts/postbuild.mjs pkg

for f in pkg/callkit_invite.js pkg/callkit_invite_bg.wasm pkg/package.json pkg/nats/callkit_invite.js pkg/nats/callkit_invite_bg.wasm; do
  [ -f "$f" ] || { echo "build: expected output $f is missing" >&2; exit 1; }
done
echo "build: ok: pkg/callkit_invite_bg.wasm $(wc -c < pkg/callkit_invite_bg.wasm) bytes, pkg/nats/callkit_invite_bg.wasm $(wc -c < pkg/nats/callkit_invite_bg.wasm) bytes"
