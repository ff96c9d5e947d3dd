// A running call measured, for bench/media.mjs (the mesh) and bench/janus.mjs (through Janus):
// the browser's CPU and a media server's, and the bytes each page sends and receives, over a
// window once every page is connected and plays every other's video.
import { treeCpu } from "./cpu.mjs";
import { summarize } from "./stats.mjs";
import { waitUntil } from "../tests/e2e/support.mjs";
import { BOTH_DEVICES, bytesPerConnection, liveConnections, recordMedia, tileIs } from "../tests/e2e/media-support.mjs";

/** The names bench/call.html gives its users. */
export const NAMES = {
  alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave", erin: "Erin",
  frank: "Frank", grace: "Grace", heidi: "Heidi", ivan: "Ivan", judy: "Judy",
};
/** Seconds between the call being up and its measurement: the senders' bandwidth estimate ramps up. */
export const WARM_UP_S = 3;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fresh context where camera and microphone are allowed and every connection is recorded. */
export async function mediaContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: BOTH_DEVICES });
  await recordMedia(context);
  return context;
}

/** `pages[inviter]` invites `id` from its sidebar (bench.inviteOnly); `id` accepts and is in the call. */
export async function inviteFromSidebar(pages, inviter, id) {
  await pages[id].evaluate(() => bench.arm("ring", "dialog"));
  await pages[inviter].evaluate((name) => bench.inviteOnly(name), NAMES[id]);
  await pages[id].evaluate(() => bench.take("ring"));
  await pages[id].evaluate(() => bench.answer("Accept"));
  await pages[id].evaluate(() => bench.inCall());
}

/**
 * Waits (up to `timeout` ms) until every page holds `perPage` connected connections and shows
 * every other's video playing.
 */
export async function callUp(pages, perPage, timeout = 20_000) {
  const ids = Object.keys(pages);
  await Promise.all(ids.map((id) => waitUntil(async () => {
    const c = await liveConnections(pages[id]);
    return c.open === perPage && c.connected === perPage;
  }, { timeout, interval: 100, message: `${id} to hold ${perPage} connected connections` })));
  await Promise.all(ids.flatMap((id) => ids.filter((o) => o !== id).map((other) => waitUntil(() => tileIs(pages[id], NAMES[other], "playing"),
    { timeout, interval: 100, message: `${id} to show ${other}'s video playing` }))));
}

/**
 * The call of `pages`, each holding `perPage` connections, once up and warmed up: the browser's
 * CPU (`browserPid`'s process tree), as a share of one core, over `window` one-second slices;
 * the server's (`serverPid`'s tree) over the same window when given; bytes per second of every
 * connection of every page, and of every page (its connections summed: what one user sends
 * and receives).
 */
export async function measureCall(pages, { browserPid, serverPid = null, perPage, window }) {
  const ids = Object.keys(pages);
  await callUp(pages, perPage);
  await sleep(WARM_UP_S * 1000);
  const before = await Promise.all(ids.map((id) => bytesPerConnection(pages[id])));
  const t0 = process.hrtime.bigint();
  const whole = treeCpu(browserPid);
  const server = serverPid ? treeCpu(serverPid) : null;
  const slices = [];
  for (let i = 0; i < window; i++) {
    const slice = treeCpu(browserPid);
    await sleep(1000);
    slices.push(slice.stop().cores);
  }
  const cpu = whole.stop();
  const serverCpu = server?.stop();
  const after = await Promise.all(ids.map((id) => bytesPerConnection(pages[id])));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const KEYS = ["sent", "received", "audioSent", "videoSent", "audioReceived", "videoReceived"];
  const rate = Object.fromEntries(KEYS.map((k) => [k, []]));
  const user = Object.fromEntries(KEYS.map((k) => [k, []]));
  const sizes = new Set();
  const fps = [];
  ids.forEach((id, i) => {
    if (before[i].length !== perPage || after[i].length !== perPage) {
      throw new Error(`${id}: ${before[i].length} then ${after[i].length} open connections, not ${perPage}, in a call of ${ids.length}`);
    }
    const mine = Object.fromEntries(KEYS.map((k) => [k, 0]));
    after[i].forEach((c, j) => {
      const b = before[i][j];
      const d = {
        sent: c.sent - b.sent, received: c.received - b.received,
        audioSent: c.audio.sent - b.audio.sent, videoSent: c.video.sent - b.video.sent,
        audioReceived: c.audio.received - b.audio.received, videoReceived: c.video.received - b.video.received,
      };
      for (const k of KEYS) {
        rate[k].push(d[k] / seconds);
        mine[k] += d[k] / seconds;
      }
      // Through an SFU the receiving connection sends no media: no size, no rate.
      if (c.video.width > 0) {
        sizes.add(`${c.video.width}×${c.video.height}`);
        fps.push(c.video.fps);
      }
    });
    for (const k of KEYS) user[k].push(mine[k]);
  });
  const stats = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, summarize(v)]));
  return {
    users: ids.length,
    seconds,
    cpu: { cores: cpu.cores, perSecond: summarize(slices), processes: cpu.processes },
    ...(serverCpu ? { serverCpu: { cores: serverCpu.cores } } : {}),
    bytesPerSecond: stats(rate),
    perUser: stats(user),
    connections: rate.sent.length,
    sentVideo: { sizes: [...sizes], fps: summarize(fps) },
  };
}
