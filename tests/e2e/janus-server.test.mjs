// A real Janus (tests/e2e/janus-server.mjs) in the tests' network namespace, driven over its
// JSON API on a WebSocket from Chromium pages, as the Janus VideoRoom media engine will drive it:
// a private room with a pin, a publisher with a fake camera and microphone, a subscriber that
// decodes its video; a missing or wrong pin refused; the server killed and started again.
//
//   scripts/netns.sh node --test --test-concurrency=1 tests/e2e/janus-server.test.mjs
//
// JANUS_TRACE=1 prints every message sent and received (SDPs cut to their ICE candidates).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, startServer, waitUntil } from "./support.mjs";
import { Janus } from "./janus-server.mjs";

/**
 * The page script: the Janus API steps, one small function each. Runs in the served page
 * (written into it below), and leaves `janusApi` on globalThis for the tests to call.
 */
function pageScript() {
  /** Every message sent (">") and received ("<"), SDPs cut to their ICE candidates: the test prints it on demand. */
  const trace = [];
  const short = (msg) => (msg.jsep ? { ...msg, jsep: { type: msg.jsep.type, sdp: "…", candidates: msg.jsep.sdp.match(/a=candidate:[^\r\n]*/g) } } : msg);

  /**
   * A WebSocket to Janus (subprotocol "janus-protocol"). A request's answer is the first
   * message with its transaction that is not an "ack": "success" or "error" for Janus requests
   * and synchronous plugin requests, the plugin's "event" for asynchronous ones (join,
   * joinandconfigure, start), which Janus acks first. Messages without a transaction (webrtcup,
   * media, hangup, the room's events) go to `events`.
   */
  class Connection {
    static async open(url) {
      const ws = new WebSocket(url, "janus-protocol");
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error(`cannot open ${url}`));
      });
      return new Connection(ws);
    }

    constructor(ws) {
      this.ws = ws;
      this.pending = new Map();
      this.events = [];
      this.n = 0;
      this.closed = new Promise((resolve) => {
        ws.onclose = (e) => {
          trace.push(["<", `WebSocket closed: code ${e.code}, wasClean ${e.wasClean}`]);
          resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean });
        };
      });
      ws.onmessage = (e) => {
        const msg = JSON.parse(e.data);
        trace.push(["<", short(msg)]);
        const answer = this.pending.get(msg.transaction);
        if (answer && (msg.janus !== "ack" || answer.ack)) {
          this.pending.delete(msg.transaction);
          answer.resolve(msg);
        } else if (!answer && msg.janus !== "ack") {
          this.events.push(msg);
        }
      };
    }

    /** Sends `msg` with a new transaction; resolves its answer (its "ack" when `ack`). */
    request(msg, { ack = false } = {}) {
      const transaction = `t${++this.n}`;
      const full = { ...msg, transaction };
      trace.push([">", short(full)]);
      return new Promise((resolve) => {
        this.pending.set(transaction, { resolve, ack });
        this.ws.send(JSON.stringify(full));
      });
    }

    /** Resolves the first event (received so far or later) that `match` accepts. */
    async event(match, timeout = 10_000) {
      const end = Date.now() + timeout;
      for (;;) {
        const found = this.events.find(match);
        if (found) return found;
        if (Date.now() > end) throw new Error(`no such Janus event in ${timeout} ms; got ${JSON.stringify(this.events.map(short))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  /** An answer that is a Janus error, or a plugin answer carrying `error_code`, throws it. */
  function check(answer) {
    if (answer.janus === "error") throw Object.assign(new Error(answer.error.reason), { code: answer.error.code });
    const data = answer.plugindata?.data;
    if (data?.error_code) throw Object.assign(new Error(data.error), { code: data.error_code });
    return answer;
  }

  /** {"janus":"create"} → the session ID; keepalives every 25 s (session_timeout is 60 s). */
  async function createSession(conn) {
    const id = check(await conn.request({ janus: "create" })).data.id;
    const keepalive = setInterval(() => conn.request({ janus: "keepalive", session_id: id }, { ack: true }), 25_000);
    conn.closed.then(() => clearInterval(keepalive));
    return id;
  }

  /** {"janus":"attach"} to the VideoRoom plugin → the handle ID. */
  async function attachVideoRoom(conn, session_id) {
    return check(await conn.request({ janus: "attach", session_id, plugin: "janus.plugin.videoroom" })).data.id;
  }

  /** A message to the plugin on a handle (with a JSEP offer or answer, if any); resolves its answer. */
  async function message(conn, session_id, handle_id, body, jsep) {
    return check(await conn.request({ janus: "message", session_id, handle_id, body, ...(jsep && { jsep }) }));
  }

  /** Sends `pc`'s ICE candidates to Janus on the handle ({"janus":"trickle"}), then "completed". */
  function trickle(conn, session_id, handle_id, pc) {
    pc.onicecandidate = ({ candidate }) => {
      const c = candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } : { completed: true };
      conn.request({ janus: "trickle", session_id, handle_id, candidate: c }, { ack: true });
    };
  }

  /** {"request":"create"}: a private room with a pin (to join) and a secret (to edit or destroy it). */
  async function createRoom(conn, session_id, handle_id, { room, pin, secret, publishers = 10 }) {
    return (await message(conn, session_id, handle_id, { request: "create", room, pin, secret, is_private: true, publishers })).plugindata.data;
  }

  /** {"request":"destroy"} with the room's secret. */
  async function destroyRoom(conn, session_id, handle_id, { room, secret }) {
    return (await message(conn, session_id, handle_id, { request: "destroy", room, secret })).plugindata.data;
  }

  /**
   * Publishes `stream`: an offer with {"request":"joinandconfigure","ptype":"publisher"} (join
   * and publish in one request); Janus answers with the "joined" event (our publisher ID, the
   * room's other publishers) and the JSEP answer.
   */
  async function publish(conn, session_id, handle_id, { room, pin, display, stream }) {
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
    trickle(conn, session_id, handle_id, pc);
    await pc.setLocalDescription(await pc.createOffer());
    const answer = await message(conn, session_id, handle_id,
      { request: "joinandconfigure", ptype: "publisher", room, pin, display, audio: true, video: true },
      { type: pc.localDescription.type, sdp: pc.localDescription.sdp });
    await pc.setRemoteDescription(answer.jsep);
    return { pc, joined: answer.plugindata.data };
  }

  /**
   * {"request":"join","ptype":"publisher"} without media: Janus answers "joined" with the room's
   * publishers (`publishers`: their IDs, displays and streams), the feeds to subscribe to; later
   * ones come as events on the handle.
   */
  async function joinAsPublisher(conn, session_id, handle_id, { room, pin, display }) {
    return (await message(conn, session_id, handle_id, { request: "join", ptype: "publisher", room, pin, display })).plugindata.data;
  }

  /** {"request":"join","ptype":"subscriber"} to `feed`'s streams: Janus answers "attached" and a JSEP offer. */
  async function joinAsSubscriber(conn, session_id, handle_id, { room, pin, feed }) {
    return message(conn, session_id, handle_id, { request: "join", ptype: "subscriber", room, ...(pin !== undefined && { pin }), streams: [{ feed }] });
  }

  /** Answers Janus's offer and sends {"request":"start"} with the answer: the media starts. */
  async function startSubscription(conn, session_id, handle_id, offer, video) {
    const pc = new RTCPeerConnection();
    const remote = new MediaStream();
    pc.ontrack = ({ track }) => { remote.addTrack(track); video.srcObject = remote; };
    trickle(conn, session_id, handle_id, pc);
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
    const started = await message(conn, session_id, handle_id, { request: "start" }, { type: pc.localDescription.type, sdp: pc.localDescription.sdp });
    return { pc, started: started.plugindata.data };
  }

  /** Resolves the time (Date.now()) of the first video frame `video` shows. */
  function firstFrame(video) {
    return new Promise((resolve) => video.requestVideoFrameCallback(() => resolve(Date.now())));
  }

  /** The attempt's error as `{ code, message }` (or `{ ok: true }`). */
  async function errorOf(promise) {
    try {
      await promise;
      return { ok: true };
    } catch (err) {
      return { code: err.code, message: err.message };
    }
  }

  globalThis.janusApi = {
    trace, Connection, createSession, attachVideoRoom, createRoom, destroyRoom, publish, joinAsPublisher, joinAsSubscriber, startSubscription, firstFrame, errorOf,
  };
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Janus VideoRoom</title></head>
<body><video id="remote" autoplay playsinline muted></video>
<script>(${pageScript})();</script></body></html>
`;

let pageDir;
let web;
let browser;
let context;
let janus;
before(async () => {
  if (!networkInterfaces().ifb0) throw new Error("no ifb0 device, the only one Janus gathers ICE candidates on (conf/janus/janus.jcfg): run the test under scripts/netns.sh, which adds it");
  pageDir = mkdtempSync(join(tmpdir(), "callkit-janus-page-"));
  writeFileSync(join(pageDir, "index.html"), PAGE);
  web = await startServer({ root: pageDir });
  browser = await launchBrowser({ media: true });
  context = await browser.newContext({ permissions: ["camera", "microphone"] });
  janus = await Janus.create();
});
after(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await web?.stop();
  await janus?.stop();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

/** A tab of the page (a user of its own: its own WebSocket, session and handles). */
async function openPage() {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.errors = errors;
  await page.goto(`${web.origin}/index.html`);
  return page;
}

/** Prints the page's trace of messages when JANUS_TRACE is set. */
async function printTrace(page, label) {
  if (!process.env.JANUS_TRACE) return;
  for (const [dir, msg] of await page.evaluate(() => globalThis.janusApi.trace)) console.log(`${label} ${dir} ${JSON.stringify(msg)}`);
}

const ROOM = 4242_0001;
const PIN = "pin-1234";
const SECRET = "secret-5678";

test("Janus answers on its WebSocket: session, VideoRoom handle", async (t) => {
  t.diagnostic(`janus started in ${janus.startMs} ms (until its WebSocket port accepted connections)`);
  const page = await openPage();
  const ids = await page.evaluate(async (url) => {
    const { Connection, createSession, attachVideoRoom } = globalThis.janusApi;
    const conn = await Connection.open(url);
    const session = await createSession(conn);
    const handle = await attachVideoRoom(conn, session);
    conn.ws.close();
    return { session, handle };
  }, janus.url);
  assert.ok(ids.session > 0 && ids.handle > 0, JSON.stringify(ids));
  await printTrace(page, "basics");
  await page.close();
});

test("a private room with a pin: a publisher's camera reaches a subscriber; no pin or a wrong one is refused", { timeout: 60_000 }, async (t) => {
  const alice = await openPage();
  const bob = await openPage();
  // Alice creates the room and publishes.
  const published = await alice.evaluate(async ({ url, room, pin, secret }) => {
    const api = globalThis.janusApi;
    const conn = await api.Connection.open(url);
    const session = await api.createSession(conn);
    const handle = await api.attachVideoRoom(conn, session);
    const created = await api.createRoom(conn, session, handle, { room, pin, secret });
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
    const publishStart = Date.now();
    const { pc, joined } = await api.publish(conn, session, handle, { room, pin, display: "Alice", stream });
    globalThis.alice = { conn, session, handle, pc };
    const webrtcup = await conn.event((e) => e.janus === "webrtcup" && e.sender === handle);
    return { created, joined, publishStart, webrtcup: webrtcup.janus };
  }, { url: janus.url, room: ROOM, pin: PIN, secret: SECRET });
  assert.equal(published.created.videoroom, "created");
  assert.equal(published.created.room, ROOM);
  assert.equal(published.joined.videoroom, "joined");
  const feed = published.joined.id;
  assert.ok(feed > 0, JSON.stringify(published.joined));

  // The room is private: "exists" finds it, "list" does not show it.
  assert.equal(await janus.exists(ROOM, bob), true);
  assert.deepEqual((await janus.rooms(bob)).filter((r) => r.room === ROOM), []);

  // Bob joins as a publisher (without media) to learn the room's feeds; then subscribes to
  // Alice's: without the pin, with a wrong one, then with the right one.
  const subscribed = await bob.evaluate(async ({ url, room, pin }) => {
    const api = globalThis.janusApi;
    const conn = await api.Connection.open(url);
    const session = await api.createSession(conn);
    const member = await api.joinAsPublisher(conn, session, await api.attachVideoRoom(conn, session), { room, pin, display: "Bob" });
    const feed = member.publishers[0]?.id;
    const tryJoin = async (p) => {
      const handle = await api.attachVideoRoom(conn, session);
      return api.errorOf(api.joinAsSubscriber(conn, session, handle, { room, pin: p, feed }));
    };
    const noPin = await tryJoin(undefined);
    const wrongPin = await tryJoin("not-the-pin");
    const handle = await api.attachVideoRoom(conn, session);
    const attached = await api.joinAsSubscriber(conn, session, handle, { room, pin, feed });
    const video = document.getElementById("remote");
    const frame = api.firstFrame(video);
    const { pc, started } = await api.startSubscription(conn, session, handle, attached.jsep, video);
    const firstFrameAt = await frame;
    globalThis.bob = { conn, session, handle, pc };
    return { member, noPin, wrongPin, attached: attached.plugindata.data, started, firstFrameAt, width: video.videoWidth, height: video.videoHeight };
  }, { url: janus.url, room: ROOM, pin: PIN });

  assert.deepEqual(subscribed.member.publishers.map((p) => [p.id, p.display, p.streams.map((st) => st.type)]), [[feed, "Alice", ["audio", "video"]]]);

  assert.equal(subscribed.noPin.ok, undefined, "joining without the pin must fail");
  assert.equal(subscribed.wrongPin.ok, undefined, "joining with a wrong pin must fail");
  t.diagnostic(`no pin: ${JSON.stringify(subscribed.noPin)}; wrong pin: ${JSON.stringify(subscribed.wrongPin)}`);
  assert.equal(subscribed.attached.videoroom, "attached");
  assert.deepEqual(subscribed.attached.streams.map((s) => [s.type, s.feed_id]).sort(), [["audio", feed], ["video", feed]]);
  assert.equal(subscribed.started.started, "ok");
  assert.ok(subscribed.width > 0 && subscribed.height > 0, `the subscriber's video shows frames (${subscribed.width}×${subscribed.height})`);
  t.diagnostic(`publisher → subscriber first frame: ${subscribed.firstFrameAt - published.publishStart} ms after joinandconfigure was sent`);

  // Frames keep coming, decoded (inbound-rtp framesDecoded grows).
  const decoded = () => bob.evaluate(async () => {
    const stats = await globalThis.bob.pc.getStats();
    return [...stats.values()].find((s) => s.type === "inbound-rtp" && s.kind === "video")?.framesDecoded ?? 0;
  });
  const before = await decoded();
  await waitUntil(async () => (await decoded()) > before + 10, { timeout: 5000, message: "ten more decoded frames" });

  // Alice destroys the room with its secret; it is gone.
  const destroyed = await alice.evaluate(({ room, secret }) => {
    const { conn, session, handle } = globalThis.alice;
    return globalThis.janusApi.destroyRoom(conn, session, handle, { room, secret });
  }, { room: ROOM, secret: SECRET });
  assert.equal(destroyed.videoroom, "destroyed");
  assert.equal(await janus.exists(ROOM, bob), false);
  await printTrace(alice, "alice");
  await printTrace(bob, "bob");
  assert.deepEqual([...alice.errors, ...bob.errors], []);
  await alice.close();
  await bob.close();
});

test("killed, Janus drops every WebSocket; started again, it takes new sessions and has no rooms left", { timeout: 60_000 }, async (t) => {
  const page = await openPage();
  await page.evaluate(async ({ url, room, pin, secret }) => {
    const api = globalThis.janusApi;
    const conn = await api.Connection.open(url);
    const session = await api.createSession(conn);
    const handle = await api.attachVideoRoom(conn, session);
    await api.createRoom(conn, session, handle, { room, pin, secret });
    globalThis.before = { conn, session, handle };
  }, { url: janus.url, room: ROOM + 1, pin: PIN, secret: SECRET });
  assert.equal(await janus.exists(ROOM + 1, page), true);

  await janus.kill();
  const closed = await page.evaluate(() => globalThis.before.conn.closed);
  t.diagnostic(`the WebSocket after SIGKILL: ${JSON.stringify(closed)}`);
  assert.equal(closed.wasClean, false);

  await janus.start();
  t.diagnostic(`janus started again in ${janus.startMs} ms`);
  const after = await page.evaluate(async ({ url, oldSession }) => {
    const api = globalThis.janusApi;
    const conn = await api.Connection.open(url);
    // The old session is unknown to the new server.
    const old = await conn.request({ janus: "keepalive", session_id: oldSession });
    const session = await api.createSession(conn);
    const handle = await api.attachVideoRoom(conn, session);
    return { old, session, handle };
  }, { url: janus.url, oldSession: await page.evaluate(() => globalThis.before.session) });
  t.diagnostic(`a keepalive of the old session: ${JSON.stringify(after.old)}`);
  assert.equal(after.old.janus, "error");
  assert.ok(after.session > 0 && after.handle > 0);
  assert.equal(await janus.exists(ROOM + 1, page), false, "rooms created by clients live in the server's memory only");
  await printTrace(page, "restart");
  await page.close();
});
