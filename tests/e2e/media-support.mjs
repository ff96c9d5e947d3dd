// What the media tests read from the pages: every RTCPeerConnection a page made and the
// getUserMedia calls it placed (recorded by an init script), inbound media per connection from
// getStats, the state of each participant tile's <video>, and the local tracks.
//
// Users are tabs of one browser; which connection carries which user is found by track: the
// tracks of `zp.getMediaStream(userID)` are those of one connection's receivers.
import assert from "node:assert/strict";
import { USERS, callPage, kitQuery, waitUntil } from "./support.mjs";

/** The context permissions of a user who allowed both devices. */
export const BOTH_DEVICES = ["camera", "microphone"];

/**
 * Installs, in every page of `context` (before the page's scripts), the recorder of the page's
 * RTCPeerConnections (`__media.connections`), its getUserMedia calls (`__media.requests`, their
 * constraints) and the tracks they produced (`__media.tracks`), the stamps of its clicks, and
 * the tile reader and watchers (`__media.tile`, `__media.watch`) that tileState, tileIs,
 * waitForTile and watchTile use.
 */
export async function recordMedia(context) {
  await context.addInitScript(kitQuery);
  await context.addInitScript(() => {
    const media = { connections: [], requests: [], tracks: [], refusals: [] };
    Object.defineProperty(globalThis, "__media", { value: media });
    const Native = globalThis.RTCPeerConnection;
    if (Native) {
      // A subclass keeps the prototype, the statics and `instanceof`; the page sees the same API.
      const Recorded = class RTCPeerConnection extends Native {
        constructor(...args) {
          super(...args);
          media.connections.push(this);
        }
      };
      globalThis.RTCPeerConnection = Recorded;
      if (globalThis.webkitRTCPeerConnection) globalThis.webkitRTCPeerConnection = Recorded;
    }
    // A time every tab of the browser agrees on (ms).
    const stamp = () => performance.timeOrigin + performance.now();
    // Clicks, stamped when the page gets them: the start of what a toggle or Leave takes.
    media.clicks = [];
    addEventListener("click", (e) => media.clicks.push(performance.timeOrigin + e.timeStamp), true);

    const shown = (e) => !!e && !e.hidden && !e.closest("[hidden]") && getComputedStyle(e).display !== "none" && getComputedStyle(e).visibility !== "hidden";
    /** The state of the participant tile named `label` (not a waiting tile), or null. */
    media.tile = (label) => {
      const el = kitAll(".cki-call .cki-tile[role=group]")
        .find((t) => t.getAttribute("aria-label") === label && !t.classList.contains("cki-waiting"));
      if (!el) return null;
      const v = el.querySelector("video.cki-video");
      const mic = el.querySelector('.cki-mic-off[role=img][aria-label="Microphone off"]');
      const status = el.querySelector(".cki-tile-status");
      return {
        video: v && {
          hidden: !shown(v), width: v.videoWidth, frames: v.getVideoPlaybackQuality().totalVideoFrames,
          paused: v.paused, muted: v.muted, mirrored: v.classList.contains("cki-mirror"),
          audio: v.srcObject?.getAudioTracks?.().length ?? 0,
        },
        micOff: shown(mic),
        micMark: !!mic,
        status: shown(status) ? status.textContent.trim() : null,
      };
    };
    /** What a tile can be seen to do; each takes media.tile's state. */
    media.conditions = {
      playing: (s) => !!s?.video && !s.video.hidden && s.video.width > 0 && s.video.frames > 0,
      avatar: (s) => !!s && (!s.video || s.video.hidden),
      micOff: (s) => !!s?.micOff,
      micOn: (s) => !!s?.micMark && !s.micOff,
      gone: (s) => s === null,
    };
    /**
     * Starts watching `label`'s tile until it is `condition`: checked on every DOM change and
     * every 10 ms (frames and sizes change without mutations); `media.watches.get(key)`
     * resolves the stamp of the first check that saw it.
     */
    media.watches = new Map();
    media.watch = (key, label, condition) => media.watches.set(key, new Promise((resolve) => {
      const check = () => {
        if (!media.conditions[condition](media.tile(label))) return;
        const at = stamp();
        observer.disconnect();
        clearInterval(timer);
        resolve(at);
      };
      const observer = new MutationObserver(check);
      // The tiles are in the kit's shadow roots: a document observer does not see into them.
      for (const root of [document, ...[...document.querySelectorAll("callkit-invite")].map((h) => h.shadowRoot)]) {
        if (root) observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      }
      const timer = setInterval(check, 10);
      check();
    }));

    const devices = navigator.mediaDevices;
    if (devices?.getUserMedia) {
      const getUserMedia = devices.getUserMedia.bind(devices);
      devices.getUserMedia = async (constraints) => {
        media.requests.push(JSON.parse(JSON.stringify(constraints ?? null)));
        try {
          const stream = await getUserMedia(constraints);
          media.tracks.push(...stream.getTracks());
          return stream;
        } catch (err) {
          media.refusals.push(`${err.name}: ${err.message}`);
          throw err;
        }
      };
    }
  });
}

/**
 * An init script that makes every page of `context` unable to open a peer connection
 * (`new RTCPeerConnection()` throws): run before recordMedia's, to show that a test fails
 * when no media can flow.
 */
export const blockPeerConnections = (context) => context.addInitScript(() => {
  globalThis.RTCPeerConnection = class { constructor() { throw new DOMException("blocked by the test", "NotSupportedError"); } };
});

/** The states of every connection `page` made, in creation order (closed ones included). */
export const connectionStates = (page) => page.evaluate(() => globalThis.__media.connections.map((pc) => ({
  connection: pc.connectionState, ice: pc.iceConnectionState, signaling: pc.signalingState,
})));

/** The number of `page`'s connections that are not closed, and how many are "connected". */
export async function liveConnections(page) {
  const states = await connectionStates(page);
  const open = states.filter((s) => s.connection !== "closed");
  return { open: open.length, connected: open.filter((s) => s.connection === "connected").length, states };
}

/** `page`'s getUserMedia calls: their constraints, and the refusals' `name: message`. */
export const mediaRequests = (page) => page.evaluate(() => ({ requests: globalThis.__media.requests, refusals: globalThis.__media.refusals }));

/**
 * The tracks `page` captured (every getUserMedia call) and those of its own stream
 * (`zp.getMediaStream(me)`): kind, readyState, enabled.
 */
export const localTracks = (page, me) => page.evaluate((userID) => {
  const describe = (t) => ({ kind: t.kind, readyState: t.readyState, enabled: t.enabled, id: t.id });
  const own = globalThis.zp?.getMediaStream(userID);
  return { captured: globalThis.__media.tracks.map(describe), own: own ? own.getTracks().map(describe) : null };
}, me);

/**
 * Media `page` receives from `userID`: the tracks of `zp.getMediaStream(userID)`, and from the
 * connection whose receivers carry them, the inbound-rtp of those tracks per kind
 * (bytesReceived, packetsReceived, framesDecoded, frameWidth) and that connection's state.
 * `connection` is null when no connection carries that stream. (In the mesh a connection
 * carries one member; through an SFU one connection carries every member, told apart by track.)
 */
export const inbound = (page, userID) => page.evaluate(async (user) => {
  const stream = globalThis.zp.getMediaStream(user);
  const tracks = stream ? stream.getTracks() : [];
  const ids = new Set(tracks.map((t) => t.id));
  const pc = globalThis.__media.connections.find((c) => c.connectionState !== "closed"
    && c.getReceivers().some((r) => r.track && ids.has(r.track.id)));
  const out = {
    tracks: tracks.map((t) => ({ kind: t.kind, readyState: t.readyState, muted: t.muted })),
    connection: pc ? pc.connectionState : null,
    audio: { bytes: 0, packets: 0 }, video: { bytes: 0, packets: 0, frames: 0, width: 0 },
  };
  if (!pc) return out;
  (await pc.getStats()).forEach((s) => {
    if (s.type !== "inbound-rtp" || !out[s.kind] || !ids.has(s.trackIdentifier)) return;
    const k = out[s.kind];
    k.bytes += s.bytesReceived ?? 0;
    k.packets += s.packetsReceived ?? 0;
    if (s.kind === "video") {
      k.frames += s.framesDecoded ?? 0;
      k.width = Math.max(k.width, s.frameWidth ?? 0);
    }
  });
  return out;
}, userID);

/**
 * Bytes `page` sent and received per open connection, in creation order: outbound-rtp
 * bytesSent and inbound-rtp bytesReceived (RTP payload), in all and per kind, and the size and
 * rate of the video it sends (frameWidth, frameHeight, framesPerSecond).
 */
export const bytesPerConnection = (page) => page.evaluate(async () => {
  const out = [];
  for (const pc of globalThis.__media.connections) {
    if (pc.connectionState === "closed") continue;
    const c = { sent: 0, received: 0, audio: { sent: 0, received: 0 }, video: { sent: 0, received: 0, width: 0, height: 0, fps: 0 } };
    (await pc.getStats()).forEach((s) => {
      const kind = c[s.kind];
      if (s.type === "outbound-rtp") {
        c.sent += s.bytesSent ?? 0;
        if (kind) kind.sent += s.bytesSent ?? 0;
        if (s.kind === "video") Object.assign(c.video, { width: s.frameWidth ?? 0, height: s.frameHeight ?? 0, fps: s.framesPerSecond ?? 0 });
      }
      if (s.type === "inbound-rtp") {
        c.received += s.bytesReceived ?? 0;
        if (kind) kind.received += s.bytesReceived ?? 0;
      }
    });
    out.push(c);
  }
  return out;
});

/** The participant tile of `name` (not a waiting tile). */
export const tile = (page, name) => callPage(page).locator(`.cki-tile:not(.cki-waiting)[role=group][aria-label="${name}"]`);

/**
 * The state of `name`'s tile on `page`, or null when there is none: its video (`hidden`,
 * videoWidth, frames presented, paused, muted, mirrored, and `audio`: the audio tracks of the
 * stream it plays, as remote audio plays through it), the "Microphone off" mark shown or not,
 * the status text when shown.
 */
export const tileState = (page, name) => page.evaluate((label) => globalThis.__media.tile(label), name);

/**
 * Whether `name`'s tile on `page` is `condition`: "playing" (video shown, with a width and
 * frames presented), "avatar" (no video shown), "micOff", "micOn" or "gone" (no tile).
 */
export const tileIs = (page, name, condition) => page.evaluate(([label, c]) => globalThis.__media.conditions[c](globalThis.__media.tile(label)), [name, condition]);

/** Waits until `name`'s tile on `page` is `condition` (see tileIs); `what` describes it. */
export async function waitForTile(page, name, condition, what, timeout) {
  await waitUntil(() => tileIs(page, name, condition), {
    timeout, interval: 25, message: async () => `${what}; the tile is ${JSON.stringify(await tileState(page, name))}`,
  });
}

/**
 * Starts watching, inside `page`, for `name`'s tile to be `condition`; resolves a function
 * that waits (up to `timeout` ms) and gives the stamp (ms, the browser-wide clock of
 * clickStamp) at which the page first saw it, or null if it did not by then.
 */
export async function watchTile(page, name, condition) {
  const key = `${name}:${condition}:${Math.random()}`;
  await page.evaluate(([k, label, c]) => { globalThis.__media.watch(k, label, c); }, [key, name, condition]);
  return (timeout) => page.evaluate(([k, ms]) => Promise.race([
    globalThis.__media.watches.get(k),
    new Promise((resolve) => setTimeout(() => resolve(null), ms)),
  ]), [key, timeout]);
}

/** The stamp of the last click `page` received (same clock as watchTile's). */
export const clickStamp = (page) => page.evaluate(() => globalThis.__media.clicks.at(-1) ?? null);

/**
 * Asserts that `page` (labelled `label`) receives media from each of `userIDs` over `ms`:
 * inbound bytes of every kind in `kinds` grow, video frames are decoded, and those users' tiles
 * show video whose presented frames advance. `grace` (ms): how much longer a user may take to
 * show all that, for a starved machine whose decoders stall until the next key frame (10 tabs
 * on 2 cores); 0: it must by `ms`.
 */
export async function assertReceiving(page, label, userIDs, { kinds = ["audio", "video"], ms = 2000, grace = 0, names = USERS } = {}) {
  const before = {};
  const tilesBefore = {};
  for (const id of userIDs) {
    before[id] = await inbound(page, id);
    if (kinds.includes("video")) tilesBefore[id] = await tileState(page, names[id]);
  }
  await new Promise((r) => setTimeout(r, ms));
  const deadline = Date.now() + grace;
  for (const id of userIDs) {
    for (;;) {
      const failure = await receivingFailure(page, label, id, kinds, before[id], tilesBefore[id], names);
      if (!failure) break;
      if (Date.now() >= deadline) assert.fail(failure);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** What `page` lacks of `id`'s media since `before` (see assertReceiving), or null. */
async function receivingFailure(page, label, id, kinds, before, tileBefore, names) {
  let after = await inbound(page, id);
  // "disconnected" is ICE's word for checks late, and goes back to "connected" by itself: a
  // starved machine (10 tabs on 2 cores) shows it while the media still flows.
  for (let waited = 0; after.connection === "disconnected" && waited < 5000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    after = await inbound(page, id);
  }
  const said = `${label} from ${id}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`;
  if (after.connection !== "connected") return `${said}: a connected connection must carry ${id}'s stream`;
  for (const kind of kinds) {
    if (!(after[kind].bytes > before[kind].bytes)) return `${said}: ${kind} bytes must grow`;
  }
  if (kinds.includes("video")) {
    if (!(after.video.frames > before.video.frames)) return `${said}: video frames must be decoded`;
    const t1 = await tileState(page, names[id]);
    const tiles = `${label}'s tile of ${names[id]}: before ${JSON.stringify(tileBefore)}, after ${JSON.stringify(t1)}`;
    if (!(await tileIs(page, names[id], "playing"))) return `${tiles}: it must show the video`;
    if (!(t1.video.frames > (tileBefore?.video?.frames ?? 0))) return `${tiles}: its frames must advance`;
  }
  return null;
}
