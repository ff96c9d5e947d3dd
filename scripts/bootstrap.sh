#!/usr/bin/env bash
# Install (idempotently, pinned) everything needed to build and test callkit-invite.
#
#   scripts/bootstrap.sh [--browsers] [--fuzz]          # install what's missing
#   source scripts/bootstrap.sh [--browsers] [--fuzz]   # same, and keep PATH in this shell
#
# Installs: the Rust toolchain rust-toolchain.toml pins (linked from the same build when the
# machine has it under another name, else installed by rustup; it fails rather than use another
# one), wasm-bindgen-cli (version taken from the `=X.Y.Z` pin of wasm-bindgen in Cargo.toml, or
# Cargo.lock), wasm-pack, npm devDependencies (npm ci; provides wasm-opt via `binaryen`), with
# --browsers: chromium, chromium-driver, nats-server, janus (apt), and with --fuzz: cargo-fuzz.
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

  # --- Rust toolchain: the one rust-toolchain.toml pins --------------------------
  # Before any cargo or rustc runs here: in this directory they use that toolchain.
  have rustup || die "rustup not found; install Rust with rustup first (https://rustup.rs)"
  local toolchain official want sysroot tc
  toolchain="$(sed -nE 's/^channel *= *"(.*)"/\1/p' rust-toolchain.toml)"
  official="${toolchain#callkit-}"
  want="$(sed -nE 's/^# +(rustc .*)$/\1/p' rust-toolchain.toml | head -n1)"
  [ -n "$toolchain" ] && [ -n "$want" ] || die "rust-toolchain.toml names no channel or rustc version"
  if [ "$(rustc "+$toolchain" --version 2>/dev/null)" = "$want" ]; then
    say "ok: rust toolchain $toolchain ($want)"
  else
    # The same build under another name (e.g. `nightly`), or installed now: linked under ours.
    sysroot=""
    for tc in $(rustup toolchain list 2>/dev/null | awk '{print $1}'); do
      if [ "$(rustc "+$tc" --version 2>/dev/null)" = "$want" ]; then
        sysroot="$(rustc "+$tc" --print sysroot)"
        break
      fi
    done
    if [ -z "$sysroot" ]; then
      say "installing rust toolchain $official (rust-toolchain.toml)"
      rustup toolchain install "$official" --profile minimal --component rust-src,clippy,rustfmt --target wasm32-unknown-unknown \
        || die "cannot install $official, the toolchain rust-toolchain.toml pins"
      sysroot="$(rustc "+$official" --print sysroot)"
    fi
    rustup toolchain link "$toolchain" "$sysroot"
    [ "$(rustc "+$toolchain" --version)" = "$want" ] || die "$toolchain is not $want"
    say "ok: rust toolchain $toolchain linked to $sysroot ($want)"
  fi
  sysroot="$(rustc "+$toolchain" --print sysroot)"
  # A linked build may lack the wasm target or rust-src: add them to the rustup toolchain it
  # comes from (the one with the same sysroot; a linked toolchain takes no components).
  if [ ! -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ] || [ ! -d "$sysroot/lib/rustlib/src/rust/library" ]; then
    for tc in $(rustup toolchain list 2>/dev/null | awk '{print $1}'); do
      [ "$tc" != "$toolchain" ] || continue
      [ "$(rustc "+$tc" --print sysroot 2>/dev/null)" = "$sysroot" ] || continue
      say "adding wasm32-unknown-unknown and rust-src to $tc (the build $toolchain links)"
      rustup target add wasm32-unknown-unknown --toolchain "$tc" || true
      rustup component add rust-src clippy rustfmt --toolchain "$tc" || true
      break
    done
  fi
  [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ] || die "$toolchain lacks the wasm32-unknown-unknown target: rustup target add wasm32-unknown-unknown --toolchain $official"
  [ -d "$sysroot/lib/rustlib/src/rust/library" ] || die "$toolchain lacks rust-src (the release build's build-std): rustup component add rust-src --toolchain $official"
  have cargo-clippy || [ -x "$sysroot/bin/cargo-clippy" ] || say "warning: $toolchain has no clippy; the clippy layer will be skipped" >&2

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

  # --- cargo-fuzz (the fuzz layer) ----------------------------------------------------
  if [ "$want_fuzz" -eq 1 ]; then
    wait_for_cargo_install cargo-fuzz
    if have cargo-fuzz && [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" = "$cargo_fuzz_version" ]; then
      say "ok: cargo-fuzz $cargo_fuzz_version present"
    else
      say "installing cargo-fuzz $cargo_fuzz_version (cargo install, takes a few minutes)"
      cargo install cargo-fuzz --locked --version "$cargo_fuzz_version" --force \
        || say "warning: cargo-fuzz did not install; the fuzz layer will be skipped" >&2
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

  # --- browsers + nats-server + janus (apt) -----------------------------------
  if [ "$want_browsers" -eq 1 ]; then
    local pkgs=()
    if [ -x /usr/bin/chromium ]; then say "ok: chromium present"; else pkgs+=(chromium); fi
    if [ -x /usr/bin/chromedriver ]; then say "ok: chromedriver present"; else pkgs+=(chromium-driver); fi
    if have nats-server; then say "ok: nats-server present"; else pkgs+=(nats-server); fi
    if have janus; then say "ok: janus present"; else pkgs+=(janus); fi
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
