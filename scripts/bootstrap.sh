#!/usr/bin/env bash
# Install (idempotently, pinned) everything needed to build and test callkit-invite.
#
#   scripts/bootstrap.sh [--browsers] [--fuzz]          # install what's missing
#   source scripts/bootstrap.sh [--browsers] [--fuzz]   # same, and keep PATH in this shell
#
# Installs: rust target wasm32-unknown-unknown, wasm-bindgen-cli (version taken
# from the `=X.Y.Z` pin of wasm-bindgen in Cargo.toml, or Cargo.lock), wasm-pack,
# npm devDependencies (npm ci; provides wasm-opt via `binaryen`), with
# --browsers: chromium, chromium-driver, nats-server (apt), and with --fuzz:
# cargo-fuzz. A nightly toolchain with rust-src (the release wasm rebuilds std for size,
# scripts/build.sh) is used when there is one, installed (nightly-2026-05-19) when not.
#
# Env overrides: WASM_PACK_VERSION, WASM_BINDGEN_VERSION, CARGO_FUZZ_VERSION.

_callkit_bootstrap() {
  set -euo pipefail

  local want_browsers=0 want_fuzz=0 arg
  for arg in "$@"; do
    case "$arg" in
      --browsers) want_browsers=1 ;;
      --fuzz) want_fuzz=1 ;;
      -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; return 0 ;;
      *) echo "bootstrap: unknown option: $arg" >&2; return 2 ;;
    esac
  done

  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$root"
  export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"

  local wasm_pack_version="${WASM_PACK_VERSION:-0.15.1}"
  local cargo_fuzz_version="${CARGO_FUZZ_VERSION:-0.13.1}"
  local default_bindgen="0.2.130"
  local pinned_nightly="nightly-2026-05-19"

  say()  { printf '%s\n' "$*"; }
  die()  { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }
  have() { command -v "$1" >/dev/null 2>&1; }

  # Wait while another `cargo install <crate>` (e.g. a background job) is busy,
  # so that we don't build the same tool twice in parallel.
  wait_for_cargo_install() {
    local crate="$1" waited=0
    while have pgrep && pgrep -f "cargo install.* $crate( |\$)" >/dev/null 2>&1; do
      if [ "$waited" -eq 0 ]; then say "waiting: a concurrent 'cargo install $crate' is running"; fi
      sleep 10; waited=$((waited + 10))
      if [ "$waited" -ge 1800 ]; then die "timed out waiting for concurrent cargo install $crate"; fi
    done
    return 0
  }

  # --- wasm-bindgen version: Cargo.lock (resolved) > Cargo.toml pin > default ---
  local bindgen_version="${WASM_BINDGEN_VERSION:-}"
  if [ -z "$bindgen_version" ] && [ -f Cargo.lock ]; then
    bindgen_version="$(awk '
      /^\[\[package\]\]/ { inpkg = 0 }
      /^name = "wasm-bindgen"$/ { inpkg = 1; next }
      inpkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' Cargo.lock)"
  fi
  if [ -z "$bindgen_version" ] && [ -f Cargo.toml ]; then
    # matches: wasm-bindgen = "=0.2.130"  or  wasm-bindgen = { version = "=0.2.130", ... }
    bindgen_version="$(sed -nE 's/^[[:space:]]*wasm-bindgen[[:space:]]*=.*"=([0-9]+\.[0-9]+\.[0-9]+)".*/\1/p' Cargo.toml | head -n1)"
  fi
  bindgen_version="${bindgen_version:-$default_bindgen}"

  # --- Rust toolchain ---------------------------------------------------------
  have cargo || die "cargo not found; install Rust with rustup first (https://rustup.rs)"
  if have rustup; then
    if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
      say "ok: rust target wasm32-unknown-unknown present"
    else
      say "installing rust target wasm32-unknown-unknown"
      rustup target add wasm32-unknown-unknown
    fi
  else
    say "warning: rustup not found; assuming wasm32-unknown-unknown std is available" >&2
  fi

  # --- nightly + rust-src: the release build rebuilds std without panic messages -----
  if have rustup; then
    local nightly
    nightly="$(scripts/nightly.sh)"
    if [ -z "$nightly" ]; then
      say "installing rust toolchain $pinned_nightly with rust-src (the release build's build-std)"
      rustup toolchain install "$pinned_nightly" --profile minimal --component rust-src \
        || say "warning: no nightly toolchain; the release wasm will be built with stable (larger)" >&2
    elif rustup "+$nightly" component list --installed 2>/dev/null | grep -q '^rust-src'; then
      say "ok: $nightly toolchain with rust-src present"
    else
      say "installing rust-src for $nightly"
      rustup component add rust-src --toolchain "$nightly" \
        || say "warning: rust-src did not install; the release wasm will be built with stable (larger)" >&2
    fi
  fi

  # --- wasm-bindgen-cli (must match the crate's wasm-bindgen exactly) -----------
  wait_for_cargo_install wasm-bindgen-cli
  if have wasm-bindgen && [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$bindgen_version" ]; then
    say "ok: wasm-bindgen-cli $bindgen_version present"
  else
    say "installing wasm-bindgen-cli $bindgen_version (cargo install, takes a few minutes)"
    # Not --locked: the published lockfile of some versions doesn't build on current toolchains.
    cargo install wasm-bindgen-cli --version "$bindgen_version" --force
  fi

  # --- wasm-pack --------------------------------------------------------------
  wait_for_cargo_install wasm-pack
  if have wasm-pack && [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" = "$wasm_pack_version" ]; then
    say "ok: wasm-pack $wasm_pack_version present"
  else
    say "installing wasm-pack $wasm_pack_version (cargo install, takes a few minutes)"
    cargo install wasm-pack --locked --version "$wasm_pack_version" --force
  fi

  # --- cargo-fuzz (the fuzz layer; it needs nightly) --------------------------------
  if [ "$want_fuzz" -eq 1 ]; then
    if [ -z "$(scripts/nightly.sh)" ]; then
      say "skip: cargo-fuzz (no nightly toolchain; the fuzz layer will be skipped)"
    else
      wait_for_cargo_install cargo-fuzz
      if have cargo-fuzz && [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" = "$cargo_fuzz_version" ]; then
        say "ok: cargo-fuzz $cargo_fuzz_version present"
      else
        say "installing cargo-fuzz $cargo_fuzz_version (cargo install, takes a few minutes)"
        cargo install cargo-fuzz --locked --version "$cargo_fuzz_version" --force \
          || say "warning: cargo-fuzz did not install; the fuzz layer will be skipped" >&2
      fi
    fi
  fi

  # --- npm devDependencies (binaryen -> wasm-opt, playwright-core, typescript) --
  if [ -f package.json ]; then
    have npm || die "npm not found; install Node.js (>= 20)"
    if [ ! -f package-lock.json ]; then
      say "installing npm dependencies (npm install: no package-lock.json yet)"
      npm install --no-audit --no-fund
    elif [ ! -f node_modules/.package-lock.json ] \
        || [ package-lock.json -nt node_modules/.package-lock.json ] \
        || [ package.json -nt node_modules/.package-lock.json ]; then
      say "installing npm dependencies (npm ci)"
      npm ci --no-audit --no-fund
    else
      say "ok: node_modules up to date with package-lock.json"
    fi
    if have wasm-opt; then
      say "ok: wasm-opt present ($(command -v wasm-opt))"
    else
      say "warning: wasm-opt not on PATH; wasm-pack will try (and likely fail) to download it" >&2
    fi
  fi

  # --- browsers + nats-server (apt) -------------------------------------------
  if [ "$want_browsers" -eq 1 ]; then
    local pkgs=()
    if [ -x /usr/bin/chromium ]; then say "ok: chromium present"; else pkgs+=(chromium); fi
    if [ -x /usr/bin/chromedriver ]; then say "ok: chromedriver present"; else pkgs+=(chromium-driver); fi
    if have nats-server; then say "ok: nats-server present"; else pkgs+=(nats-server); fi
    if [ "${#pkgs[@]}" -gt 0 ]; then
      say "installing ${pkgs[*]} (apt)"
      local sudo=""
      if [ "$(id -u)" -ne 0 ]; then
        have sudo || die "need root (or sudo) to apt-get install ${pkgs[*]}"
        sudo="sudo"
      fi
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}"
    fi
  fi
}

_callkit_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: run the installer in a subshell so `set -e`/`cd` don't leak into
  # (or kill) the caller's shell, then export the environment here.
  ( _callkit_bootstrap "$@" ) || return $?
else
  set -euo pipefail
  _callkit_bootstrap "$@"
fi
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) PATH="$HOME/.cargo/bin:$PATH" ;; esac
case ":$PATH:" in *":$_callkit_root/node_modules/.bin:"*) ;; *) PATH="$_callkit_root/node_modules/.bin:$PATH" ;; esac
export PATH
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
unset _callkit_root
unset -f _callkit_bootstrap
