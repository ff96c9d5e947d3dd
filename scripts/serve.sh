#!/usr/bin/env bash
# Demo: build the wasm package, then serve the repo root on http://127.0.0.1:8080/
# (demo page at http://127.0.0.1:8080/www/).
#   scripts/serve.sh [--no-build]      env: PORT (default 8080), HOST (default 127.0.0.1)
#   PORT=8081 scripts/serve.sh         when 8080 is taken (a busy port is said before building)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "serve: unknown option: $arg" >&2; exit 2 ;;
  esac
done

export PORT="${PORT:-8080}" HOST="${HOST:-127.0.0.1}"
# A busy port (or a bad PORT/HOST) is one line and exit 1, before a build that would be for nothing.
python3 scripts/serve.py --check || exit 1

if [ "$build" -eq 1 ]; then
  scripts/build.sh
elif [ ! -f pkg/callkit_invite_bg.wasm ]; then
  echo "serve: warning: pkg/ not built yet (run scripts/build.sh)" >&2
fi

echo "serve: demo at http://$HOST:$PORT/www/  (Ctrl-C to stop)"
exec python3 scripts/serve.py
