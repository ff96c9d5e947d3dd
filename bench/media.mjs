#!/usr/bin/env node
// The media benchmark: (a) Accept click → the first frame of the other side's video, on the
// accepter's page and on the caller's; (b) the CPU of the whole browser (its process tree) with
// a 3- and a 4-person mesh; (c) bytes per second per connection and per user, sent and
// received; (d) the same 4-person figures through a Janus VideoRoom, and the first frames of a
// 10-person Janus call (bench/janus.mjs). Writes its figures as JSON to $BENCH_MEDIA_JSON
// (default target/bench/media.json) for bench/run.mjs.
//
// scripts/bench.sh runs it in a network namespace that has only loopback (scripts/netns.sh), so
// it starts its own server (the host's loopback is not reachable from there), and the browser
// launched with the e2e tests' media flags: the fake camera (640×480, as the kit asks) and
// microphone, ICE over 127.0.0.1. Users are bench/call.html tabs of one context.
//
// Env: BENCH_MEDIA_RUNS (counted Accept → first frame runs, default 12),
// BENCH_MEDIA_WINDOW (seconds of each mesh and Janus measurement, default 10),
// BENCH_JANUS_RUNS (counted 10-person Janus runs, default 3).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { callAndAccept, launch, openUser } from "./browser.mjs";
import { WARM_UP_S, inviteFromSidebar, measureCall, mediaContext } from "./call-measure.mjs";
import { childNamed, otherWork } from "./cpu.mjs";
import { janus } from "./janus.mjs";
import { summarize } from "./stats.mjs";
import { MEDIA_ARGS, startServer } from "../tests/e2e/support.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const num = (name, fallback) => Number(process.env[name] || fallback);
const options = { runs: num("BENCH_MEDIA_RUNS", 12), window: num("BENCH_MEDIA_WINDOW", 10), janusRuns: num("BENCH_JANUS_RUNS", 3) };
const log = (text) => process.stderr.write(`bench: media: ${text}\n`);

/** (a) Accept click → first remote video frame, on both sides; one run first, not counted. */
async function firstFrames(browser, origin, runs) {
  const errors = [];
  const accepter = [];
  const caller = [];
  const how = new Set();
  for (let i = 0; i <= runs; i++) {
    const context = await mediaContext(browser);
    try {
      const alice = await openUser(context, origin, "alice", errors);
      const bob = await openUser(context, origin, "bob", errors);
      await bob.evaluate(() => bench.arm("ring", "dialog"));
      await alice.evaluate(() => bench.call("bob"));
      await bob.evaluate(() => bench.take("ring"));
      await bob.evaluate(() => bench.armFirstFrame("frame", "Alice"));
      await alice.evaluate(() => bench.armFirstFrame("frame", "Bob"));
      const at = await bob.evaluate(() => bench.answer("Accept"));
      const [b, a] = await Promise.all([bob.evaluate(() => bench.take("frame")), alice.evaluate(() => bench.take("frame"))]);
      if (i > 0) {
        accepter.push(b.at - at);
        caller.push(a.at - at);
        how.add(b.how).add(a.how);
      }
    } finally {
      await context.close();
    }
  }
  if (errors.length) throw new Error(`the first-frame pages reported errors:\n  ${errors.join("\n  ")}`);
  return { runs, accepter: summarize(accepter), caller: summarize(caller), how: [...how], samples: { accepter, caller } };
}

/** A 3-person mesh (Alice calls Bob, invites Carol), measured; then Dave joins, measured again. */
async function meshes(browser, origin, browserPid, window) {
  const errors = [];
  const context = await mediaContext(browser);
  try {
    const pages = {};
    for (const id of ["alice", "bob", "carol", "dave"]) pages[id] = await openUser(context, origin, id, errors);
    const { dave, ...three } = pages;
    await callAndAccept(pages.alice, pages.bob, "bob");
    await inviteFromSidebar(pages, "alice", "carol");
    log(`3-person mesh: ${WARM_UP_S} s warm-up, ${window} s measured`);
    const m3 = await measureCall(three, { browserPid, perPage: 2, window });
    await inviteFromSidebar(pages, "alice", "dave");
    log(`4-person mesh: ${WARM_UP_S} s warm-up, ${window} s measured`);
    const m4 = await measureCall({ ...three, dave }, { browserPid, perPage: 3, window });
    if (errors.length) throw new Error(`the mesh pages reported errors:\n  ${errors.join("\n  ")}`);
    return [m3, m4];
  } finally {
    await context.close();
  }
}

async function main() {
  const out = process.env.BENCH_MEDIA_JSON || join(ROOT, "target/bench/media.json");
  const started = Date.now();
  const server = await startServer();
  const others = otherWork(process.pid);
  const browser = await launch(ROOT, MEDIA_ARGS);
  try {
    const browserPid = childNamed(process.pid, "chromium");
    if (!browserPid) throw new Error("cannot find the browser's process (a child of this one named chromium)");
    log(`Accept → first remote frame: ${options.runs} runs`);
    const firstFrame = await firstFrames(browser, server.origin, options.runs);
    const mesh = await meshes(browser, server.origin, browserPid, options.window);
    const sfu = await janus(browser, server.origin, browserPid, { window: options.window, runs: options.janusRuns, log });
    const result = { options, warmUpSeconds: WARM_UP_S, firstFrame, mesh, janus: sfu, otherWork: others.stop(), seconds: (Date.now() - started) / 1000 };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${out} (${result.seconds.toFixed(0)} s)`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench: media: failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
