// scripts/serve.sh and scripts/serve.py as a developer meets them: a port that is taken, or a
// PORT that is no port, is one line that says what to do and a non-zero exit (no Python
// traceback, and no build first); PORT is documented where the README gives the command.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Runs `cmd` in the repository with `env`; resolves { status, stdout, stderr, ms }. */
function run(cmd, args, env) {
  const start = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", timeout: 30_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - start };
}

/** Holds a port on 127.0.0.1 while `fn(port)` runs. */
async function withBusyPort(fn) {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.listen(0, "127.0.0.1", resolve).on("error", reject));
  try {
    return await fn(server.address().port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test("scripts/serve.sh on a busy port: one line naming the port and how to pick another, exit 1, before any build", async () => {
  await withBusyPort((port) => {
    // Without --no-build: the port is checked before the build, so this returns in moments.
    const r = run("scripts/serve.sh", [], { PORT: String(port), HOST: "127.0.0.1" });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stderr, `serve: port ${port} is in use; set PORT=… e.g. PORT=${port + 1} scripts/serve.sh\n`);
    assert.equal(r.stdout, "", "nothing else: no build, no 'demo at' line");
    assert.ok(r.ms < 10_000, `said at once, not after a build (${r.ms} ms)`);
  });
});

test("scripts/serve.py on a busy port, and a PORT that is no port: one line each, exit 1, no traceback", async () => {
  await withBusyPort((port) => {
    const r = run("python3", ["scripts/serve.py"], { PORT: String(port), HOST: "127.0.0.1" });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `serve: port ${port} is in use; set PORT=… e.g. PORT=${port + 1} scripts/serve.sh\n`);
  });
  for (const bad of ["abc", "70000", "-1"]) {
    const r = run("scripts/serve.sh", ["--no-build"], { PORT: bad });
    assert.equal(r.status, 1, bad);
    assert.equal(r.stderr, `serve: PORT must be a port number (0 to 65535), got "${bad}"\n`);
    assert.doesNotMatch(r.stdout + r.stderr, /Traceback/);
  }
});

test("PORT is documented: in the README's \"The two commands\" and in serve.sh --help", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("The two commands\n"));
  assert.ok(section, "a \"The two commands\" section");
  assert.match(section, /PORT=\d+ scripts\/serve\.sh/);
  const help = run("scripts/serve.sh", ["--help"], {});
  assert.equal(help.status, 0);
  assert.match(help.stdout, /PORT \(default 8080\)/);
  assert.match(help.stdout, /PORT=8081 scripts\/serve\.sh/);
});
