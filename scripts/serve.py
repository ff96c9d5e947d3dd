#!/usr/bin/env python3
"""Static file server for the demo and the end-to-end tests.

Serves the repository root (so /www/ and /pkg/ are both reachable) with correct
MIME types for .wasm / .js / .mjs, no caching, bound to 127.0.0.1 by default.

    PORT=8080 HOST=127.0.0.1 python3 scripts/serve.py [directory]

Prints "serving http://HOST:PORT/" once the socket is listening (e2e tests may
wait for that line). PORT=0 picks a free port; the actual one is printed.
"""
import functools
import http.server
import os
import signal
import sys

ROOT = os.path.abspath(
    sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".map": "application/json",
        ".css": "text/css",
        ".html": "text/html",
        ".svg": "image/svg+xml",
        "": "application/octet-stream",
    }

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("SERVE_QUIET") != "1":
            super().log_message(fmt, *args)


def main():
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8080"))
    handler = functools.partial(Handler, directory=ROOT)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    httpd = http.server.ThreadingHTTPServer((host, port), handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    real_host, real_port = httpd.server_address[:2]
    print(f"serving http://{real_host}:{real_port}/ (root {ROOT}; demo at /www/)", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


if __name__ == "__main__":
    main()
