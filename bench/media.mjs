#!/usr/bin/env node
// The media benchmark: (a) Accept click → the first frame of the other side's video, on the
// accepter's page and on the caller's; (b) the CPU of the whole browser (its process tree) with
// a 3- and a 4-person mesh; (c) bytes per second per connection, sent and received. Writes its
// figures as JSON to $BENCH_MEDIA_JSON (default target/bench/media.json) for bench/run.mjs.
//
// scripts/bench.sh runs it in a network namespace that has only loopback (scripts/netns.sh), so
// it starts its own server (the host's loopback is not reachable from there), and the browser
// launched with the e2e tests' media flags: the fake camera (640×480, as the kit asks) and
// microphone, ICE over 127.0.0.1. Users are bench/call.html tabs of one context.
//
// Env: BENCH_MEDIA_RUNS (counted Accept → first frame runs, default 12),
// BENCH_MEDIA_WINDOW (seconds of each mesh measurement, default 10).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { callAndAccept, launch, openUser } from "./browser.mjs";
import { childNamed, otherWork, treeCpu } from "./cpu.mjs";
import { summarize } from "./stats.mjs";
import { MEDIA_ARGS, startServer, waitUntil } from "../tests/e2e/support.mjs";
import { BOTH_DEVICES, bytesPerConnection, liveConnections, recordMedia, tileIs } from "../tests/e2e/media-support.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const num = (name, fallback) => Number(process.env[name] || fallback);
const options = { runs: num("BENCH_MEDIA_RUNS", 12), window: num("BENCH_MEDIA_WINDOW", 10) };
const NAMES = { alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave" };
/** Seconds between the mesh being up and its measurement: the senders' bandwidth estimate ramps up. */
const WARM_UP_S = 3;
const log = (text) => process.stderr.write(`bench: media: ${text}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fresh context where camera and microphone are allowed and every connection is recorded. */
async function mediaContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: BOTH_DEVICES });
  await recordMedia(context);
  return context;
}

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

/** Waits until every page holds `n - 1` connected connections and shows every other's video playing. */
async function meshUp(pages) {
  const ids = Object.keys(pages);
  await Promise.all(ids.map((id) => waitUntil(async () => {
    const c = await liveConnections(pages[id]);
    return c.open === ids.length - 1 && c.connected === ids.length - 1;
  }, { timeout: 20_000, interval: 100, message: `${id} to hold ${ids.length - 1} connected connections` })));
  await Promise.all(ids.flatMap((id) => ids.filter((o) => o !== id).map((other) => waitUntil(() => tileIs(pages[id], NAMES[other], "playing"),
    { timeout: 20_000, interval: 100, message: `${id} to show ${other}'s video playing` }))));
}

/**
 * (b) and (c) for the mesh of `pages`: the browser's CPU, as a share of one core, over
 * `window` one-second slices, and bytes per second of every connection of every page.
 */
async function measureMesh(pages, browserPid, window) {
  const ids = Object.keys(pages);
  await meshUp(pages);
  await sleep(WARM_UP_S * 1000);
  const before = await Promise.all(ids.map((id) => bytesPerConnection(pages[id])));
  const t0 = process.hrtime.bigint();
  const whole = treeCpu(browserPid);
  const slices = [];
  for (let i = 0; i < window; i++) {
    const slice = treeCpu(browserPid);
    await sleep(1000);
    slices.push(slice.stop().cores);
  }
  const cpu = whole.stop();
  const after = await Promise.all(ids.map((id) => bytesPerConnection(pages[id])));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = { sent: [], received: [], audioSent: [], videoSent: [], audioReceived: [], videoReceived: [] };
  const sizes = new Set();
  const fps = [];
  ids.forEach((id, i) => {
    if (before[i].length !== ids.length - 1 || after[i].length !== ids.length - 1) {
      throw new Error(`${id}: ${before[i].length} then ${after[i].length} open connections in a mesh of ${ids.length}`);
    }
    after[i].forEach((c, j) => {
      const b = before[i][j];
      rate.sent.push((c.sent - b.sent) / seconds);
      rate.received.push((c.received - b.received) / seconds);
      rate.audioSent.push((c.audio.sent - b.audio.sent) / seconds);
      rate.videoSent.push((c.video.sent - b.video.sent) / seconds);
      rate.audioReceived.push((c.audio.received - b.audio.received) / seconds);
      rate.videoReceived.push((c.video.received - b.video.received) / seconds);
      sizes.add(`${c.video.width}×${c.video.height}`);
      fps.push(c.video.fps);
    });
  });
  return {
    users: ids.length,
    seconds,
    cpu: { cores: cpu.cores, perSecond: summarize(slices), processes: cpu.processes },
    bytesPerSecond: Object.fromEntries(Object.entries(rate).map(([k, v]) => [k, summarize(v)])),
    connections: rate.sent.length,
    sentVideo: { sizes: [...sizes], fps: summarize(fps) },
  };
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
    const join = async (id) => {
      await pages[id].evaluate(() => bench.arm("ring", "dialog"));
      await pages.alice.evaluate((name) => bench.inviteOnly(name), NAMES[id]);
      await pages[id].evaluate(() => bench.take("ring"));
      await pages[id].evaluate(() => bench.answer("Accept"));
      await pages[id].evaluate(() => bench.inCall());
    };
    await join("carol");
    log(`3-person mesh: ${WARM_UP_S} s warm-up, ${window} s measured`);
    const m3 = await measureMesh(three, browserPid, window);
    await join("dave");
    log(`4-person mesh: ${WARM_UP_S} s warm-up, ${window} s measured`);
    const m4 = await measureMesh({ ...three, dave }, browserPid, window);
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
    const result = { options, warmUpSeconds: WARM_UP_S, firstFrame, mesh, otherWork: others.stop(), seconds: (Date.now() - started) / 1000 };
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
