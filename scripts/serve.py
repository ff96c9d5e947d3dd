#!/usr/bin/env python3
"""Static file server for the demo and the end-to-end tests.

Serves the repository root (so /www/ and /pkg/ are both reachable) with correct
MIME types for .wasm / .js / .mjs, no caching, bound to 127.0.0.1 by default.

    PORT=8080 HOST=127.0.0.1 python3 scripts/serve.py [--check] [directory]

Prints "serving http://HOST:PORT/" once the socket is listening (e2e tests may
wait for that line). PORT=0 picks a free port; the actual one is printed.
A port in use (or another reason not to listen) is one line on stderr, such as
"serve: port 8080 is in use; set PORT=… e.g. PORT=8081 scripts/serve.sh", and
exit status 1. --check only tries to listen, then stops (scripts/serve.sh runs
it before building, so that a busy port is said at once).
"""
import errno
import functools
import http.server
import os
import signal
import sys

ARGS = [a for a in sys.argv[1:] if a != "--check"]
CHECK = len(ARGS) < len(sys.argv) - 1
ROOT = os.path.abspath(ARGS[0] if ARGS else os.path.join(os.path.dirname(__file__), ".."))


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


def fail(message):
    print(f"serve: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def listen(host, port, handler):
    """The server, listening on host:port; or one line on stderr that says why not, and exit 1."""
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            other = port + 1 if 0 < port < 65535 else 8081
            fail(f"port {port} is in use; set PORT=… e.g. PORT={other} scripts/serve.sh")
        fail(f"cannot listen on {host}:{port}: {err.strerror or err}; set HOST= or PORT=")


def main():
    host = os.environ.get("HOST", "127.0.0.1")
    text = os.environ.get("PORT", "8080")
    if not text.isdigit() or int(text) > 65535:
        fail(f'PORT must be a port number (0 to 65535), got "{text}"')
    port = int(text)
    handler = functools.partial(Handler, directory=ROOT)
    httpd = listen(host, port, handler)
    if CHECK:
        httpd.server_close()
        return
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
