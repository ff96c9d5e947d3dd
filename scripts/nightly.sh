#!/usr/bin/env bash
# Prints the nightly toolchain to use (`nightly`, else the pinned one that scripts/bootstrap.sh
# installs), or nothing. With --rust-src, only one that has the rust-src component (build-std).
want_src=0
[ "${1:-}" = --rust-src ] && want_src=1
for tc in nightly nightly-2026-05-19; do
  cargo "+$tc" --version >/dev/null 2>&1 || continue
  if [ "$want_src" -eq 1 ] && ! rustup "+$tc" component list --installed 2>/dev/null | grep -q '^rust-src'; then continue; fi
  echo "$tc"
  exit 0
done
