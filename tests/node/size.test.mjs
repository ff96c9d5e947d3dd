// The size budget: what a page downloads, gzip -9, wasm + JS glue. Size is deterministic for a
// given build, so this is a plain test; `scripts/bench.sh` reports the same figures with brotli.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { PKG } from "./support.mjs";
// The budget and the file list the benchmark's size section uses.
import { BUDGET_GZIP as BUDGET, SHIPPED } from "../../bench/sizes.mjs";
/** The build with the NATS transport (`callkit-invite/nats`): a ceiling that catches regressions. */
const NATS_CEILING = 104 * 1024;

function gzipped(dir) {
  return SHIPPED
    .map((f) => gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length)
    .reduce((a, b) => a + b, 0);
}

test(`the default build is at most ${BUDGET} bytes gzipped (wasm + JS)`, (t) => {
  const total = gzipped(PKG);
  t.diagnostic(`default build: ${total} B gzipped (${(total / 1024).toFixed(1)} KiB)`);
  assert.ok(total <= BUDGET, `${total} B gzipped, ${total - BUDGET} B over the ${BUDGET} B budget`);
});

test(`the NATS build is at most ${NATS_CEILING} bytes gzipped (wasm + JS)`, (t) => {
  const dir = path.join(PKG, "nats");
  if (!fs.existsSync(path.join(dir, "callkit_invite_bg.wasm"))) return t.skip(`no ${dir}: scripts/build.sh builds it`);
  const total = gzipped(dir);
  t.diagnostic(`NATS build: ${total} B gzipped (${(total / 1024).toFixed(1)} KiB)`);
  assert.ok(total <= NATS_CEILING, `${total} B gzipped, over the ${NATS_CEILING} B ceiling`);
});
