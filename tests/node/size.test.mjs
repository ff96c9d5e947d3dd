// The size budget: what a page downloads, gzip -9, wasm + JS glue; and the NATS entry (the
// adapter and the client it imports, bundled), which a page loads on top only to signal over
// NATS. Size is deterministic for a given build, so these are plain tests; `scripts/bench.sh`
// reports the same figures with brotli.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { PKG, ROOT } from "./support.mjs";
// The budgets and the measurements the benchmark's size section uses.
import { BUDGET_GZIP as BUDGET, NATS_ENTRY_CEILING_GZIP, shippedFiles, natsEntrySize } from "../../bench/sizes.mjs";

test(`the default build is at most ${BUDGET} bytes gzipped (wasm + JS, the glue's snippets included)`, (t) => {
  const total = shippedFiles(PKG)
    .map((f) => gzipSync(fs.readFileSync(path.join(PKG, f)), { level: 9 }).length)
    .reduce((a, b) => a + b, 0);
  t.diagnostic(`default build: ${total} B gzipped (${(total / 1024).toFixed(1)} KiB)`);
  assert.ok(total <= BUDGET, `${total} B gzipped, ${total - BUDGET} B over the ${BUDGET} B budget`);
});

test(`the NATS entry (adapter + @nats-io/nats-core, bundled) is at most ${NATS_ENTRY_CEILING_GZIP} bytes gzipped`, async (t) => {
  if (path.resolve(PKG) !== path.join(ROOT, "pkg")) return t.skip("measured from <repo>/pkg only");
  const { files: [adapter], total } = await natsEntrySize(ROOT);
  t.diagnostic(`NATS entry: ${total.gzip} B gzipped, ${total.brotli} B brotli (${total.raw} B minified); the adapter alone ${adapter.gzip} B gzipped`);
  // The bundle holds the client, not only the adapter: the measurement measures what it says.
  assert.ok(total.raw > 4 * adapter.raw, `the bundle (${total.raw} B) must hold the client, not just the adapter (${adapter.raw} B)`);
  assert.ok(total.gzip <= NATS_ENTRY_CEILING_GZIP, `${total.gzip} B gzipped, over the ${NATS_ENTRY_CEILING_GZIP} B ceiling`);
});
