// The media benchmark's Janus part (callkit-invite/janus, bench/call.html?media=janus): a real
// Janus (tests/e2e/janus-server.mjs) in bench/media.mjs's network namespace; (a) a 4-person
// call measured as the 4-person mesh is (the browser's CPU, bytes per user), and Janus's own
// CPU; (b) a 10-person call: the last joiner's Accept click → the first frame of each of the
// 9 others' video, over a few runs.
import { callAndAccept, openUser } from "./browser.mjs";
import { NAMES, WARM_UP_S, callUp, inviteFromSidebar, measureCall, mediaContext, sleep } from "./call-measure.mjs";
import { treeCpu } from "./cpu.mjs";
import { summarize } from "./stats.mjs";
import { waitUntil } from "../tests/e2e/support.mjs";
import { bytesPerConnection, liveConnections, tileIs } from "../tests/e2e/media-support.mjs";
import { Janus } from "../tests/e2e/janus-server.mjs";

/** Through Janus a page holds two connections: one publishing, one receiving every other's feed. */
const PER_PAGE = 2;
/** The members already in the 10-person call, and its last joiner. */
const MEMBERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"];
const LAST = "judy";
/** Ten tabs encoding and decoding video on a small machine: generous, so a slow run is measured, not lost. */
const TEN_UP_MS = 90_000;
const FRAME_MS = 30_000;
/** Seconds of the browser's and Janus's CPU measured in the 9 members' call, before the runs. */
const NINE_CPU_S = 3;

/**
 * Starts a Janus, runs both parts in `browser` (pages from `origin`; `browserPid` is its main
 * process), stops Janus whatever happens. `window`: seconds of the 4-person measurement;
 * `runs`: counted 10-person runs (one more first, not counted).
 */
export async function janus(browser, origin, browserPid, { window, runs, log }) {
  const server = await Janus.create();
  try {
    const query = { media: "janus", janusUrl: server.url };
    log(`Janus ${server.url} (up in ${server.startMs} ms); 4 users through it: ${WARM_UP_S} s warm-up, ${window} s measured`);
    const four = await fourUsers(browser, origin, query, { browserPid, serverPid: server.child.pid, window });
    log(`10 users through Janus: the last joiner's Accept → 9 first frames, ${runs} runs (one more first, not counted)`);
    const ten = await tenUsers(browser, origin, query, { browserPid, serverPid: server.child.pid, runs, log });
    return { startMs: server.startMs, four, ten };
  } catch (err) {
    if (process.env.JANUS_LOG) process.stderr.write(server.log);
    throw err;
  } finally {
    await server.stop();
  }
}

/** Alice calls Bob, invites Carol then Dave from the sidebar; the call measured (measureCall). */
async function fourUsers(browser, origin, query, { browserPid, serverPid, window }) {
  const errors = [];
  const context = await mediaContext(browser);
  try {
    const pages = {};
    for (const id of ["alice", "bob", "carol", "dave"]) pages[id] = await openUser(context, origin, id, errors, query);
    await callAndAccept(pages.alice, pages.bob, "bob");
    await inviteFromSidebar(pages, "alice", "carol");
    await inviteFromSidebar(pages, "alice", "dave");
    const m = await measureCall(pages, { browserPid, serverPid, perPage: PER_PAGE, window });
    if (errors.length) throw new Error(`the 4-user Janus pages reported errors:\n  ${errors.join("\n  ")}`);
    return m;
  } finally {
    await context.close();
  }
}

/** `inviter` invites `ids` at once with `zp.sendCallInvitation`; throws if any is not invited. */
async function invite(inviter, ids) {
  const refused = await inviter.evaluate((list) => bench.invite(list), ids);
  if (refused.length) throw new Error(`not invited: ${refused.join(", ")}`);
}

/**
 * Alice calls Bob and invites 7 more at once (the API, not the sidebar); once the 9 show each
 * other's video, Judy joins: she is invited by Alice in a new tab, her page stamps her Accept
 * click and each of the 9 others' first video frame; then she leaves and her tab closes.
 */
async function tenUsers(browser, origin, query, { browserPid, serverPid, runs, log }) {
  const errors = [];
  const context = await mediaContext(browser);
  // A busy page answers late; an evaluate that waits on the page's own timeouts needs no more.
  context.setDefaultTimeout(30_000);
  try {
    const pages = {};
    for (const id of MEMBERS) pages[id] = await openUser(context, origin, id, errors, query);
    const began = Date.now();
    await callAndAccept(pages.alice, pages.bob, "bob");
    const rest = MEMBERS.slice(2);
    for (const id of rest) await pages[id].evaluate(() => bench.arm("ring", "dialog"));
    await invite(pages.alice, rest);
    for (const id of rest) {
      await pages[id].evaluate(() => bench.take("ring"));
      await pages[id].evaluate(() => bench.answer("Accept"));
    }
    await callUp(pages, PER_PAGE, TEN_UP_MS);
    const upMs = Date.now() - began;
    const sizes = new Set();
    for (const id of MEMBERS) for (const c of await bytesPerConnection(pages[id])) if (c.video.width > 0) sizes.add(`${c.video.width}×${c.video.height}`);
    // How busy the machine is before Judy joins: the 9 members' call alone.
    const nine = [treeCpu(browserPid), treeCpu(serverPid)];
    await sleep(NINE_CPU_S * 1000);
    const [nineBrowser, nineServer] = nine.map((c) => c.stop().cores);

    const others = MEMBERS.map((id) => NAMES[id]);
    const feeds = [];
    const perRun = { median: [], all: [] };
    const failures = [];
    for (let i = 0; i <= runs; i++) {
      const judy = await openUser(context, origin, LAST, errors, query);
      try {
        await judy.evaluate(() => bench.arm("ring", "dialog"));
        await invite(pages.alice, [LAST]);
        await judy.evaluate(() => bench.take("ring"));
        await judy.evaluate(([names, ms]) => { for (const n of names) bench.armFirstFrame(n, n, ms); }, [others, FRAME_MS]);
        const at = await judy.evaluate(() => bench.answer("Accept"));
        const frames = await judy.evaluate((names) => Promise.allSettled(names.map((n) => bench.take(n)))
          .then((all) => all.map((r) => (r.status === "fulfilled" ? r.value : null))), others);
        const missing = others.filter((_, k) => !frames[k]);
        if (missing.length) {
          // Kept and reported, not fatal: a feed that never arrives is a finding of its own.
          const { states } = await liveConnections(judy);
          failures.push({ run: i, missing, connections: states.map((c) => c.connection) });
          log(`run ${i}: no frame of ${missing.join(", ")} in ${FRAME_MS / 1000} s (Judy's connections: ${states.map((c) => c.connection).join(", ")})`);
        } else if (i > 0) {
          const times = frames.map((f) => f.at - at);
          feeds.push(...times);
          perRun.median.push(summarize(times).median);
          perRun.all.push(Math.max(...times));
        }
        await judy.evaluate(() => bench.leave());
        await Promise.all(MEMBERS.map((id) => waitUntil(() => tileIs(pages[id], NAMES[LAST], "gone"),
          { timeout: 15_000, interval: 100, message: `${id} to drop ${NAMES[LAST]}'s tile after she left` })));
      } finally {
        await judy.close();
      }
      // The members' receiving connections drop her feed: let that settle before she comes back.
      await sleep(1000);
    }
    if (errors.length) throw new Error(`the 10-user Janus pages reported errors:\n  ${errors.join("\n  ")}`);
    if (!perRun.all.length) throw new Error(`no counted 10-user run saw all 9 first frames: ${JSON.stringify(failures)}`);
    return {
      runs, frameMs: FRAME_MS, failures, upMs, sentVideo: [...sizes], nineCpu: { browser: nineBrowser, server: nineServer, seconds: NINE_CPU_S },
      perFeed: summarize(feeds), runMedian: summarize(perRun.median), toAll: summarize(perRun.all),
      samples: { feeds, runMedian: perRun.median, toAll: perRun.all },
    };
  } finally {
    await context.close();
  }
}
