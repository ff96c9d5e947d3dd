// The call's media through Janus (SPEC §8; callkit-invite/janus): the demo with
// ?media=janus&janusUrl=…, a real Janus (VideoRoom) in the tests' network namespace
// (tests/e2e/janus-server.mjs). Each member publishes once and receives the others through one
// connection; the room is the call's: locked with the media key, which non-members never get.
//
//   scripts/netns.sh node --test --test-concurrency=1 tests/e2e/janus.test.mjs
import assert from "node:assert/strict";
import { before, after } from "node:test";
import { suite, USERS, accept, front, callAndAccept, callPage, openInvitees, inviteOnly, waitForParticipants, waitUntil } from "./support.mjs";
import { BOTH_DEVICES, recordMedia, waitForTile, assertReceiving, liveConnections, connectionStates } from "./media-support.mjs";
import { Janus } from "./janus-server.mjs";

const e2e = suite({ media: true });
/** Joining through Janus (publish, then receive each feed) on a busy 2-core machine. */
const CONNECT_MS = 20_000;

let janus;
before(async () => {
  janus = await Janus.create();
});
after(async () => {
  await janus?.stop();
});

/** A Janus media test: camera and microphone allowed, media recorded in every tab. */
function media(name, opts, fn) {
  if (typeof opts === "function") [opts, fn] = [{}, opts];
  const { context, ...rest } = opts;
  return e2e(name, { timeout: 90_000, ...rest, context: { permissions: BOTH_DEVICES, ...context } }, async (s, t) => {
    await recordMedia(s.context);
    t.after(() => { if (process.env.JANUS_LOG) console.log(janus.log); });
    await fn(s, t);
  });
}

const others = (ids, id) => ids.filter((x) => x !== id);
const params = () => ({ media: "janus", janusUrl: janus.url });

/**
 * Every page shows every other's video, playing, within `ms`. Ten tabs decoding 9 videos each
 * on 2 cores take longer: the last tile played 20 s after the members were all in, once, in CI.
 */
const TEN_CONNECT_MS = 60_000;
/**
 * How long one of the 90 videos of the 10-member call may stall (bytes arriving, no frame
 * decoded until the next key frame) before it counts as not received: seen for 3 s once in CI.
 */
const STALL_MS = 10_000;
async function waitForVideo(pages, ms = CONNECT_MS) {
  const ids = Object.keys(pages);
  await Promise.all(ids.flatMap((id) => others(ids, id).map((other) =>
    waitForTile(pages[id], USERS[other], "playing", `${id} to show ${other}'s video playing`, ms))));
}

media("three members through Janus: each publishes once and receives the two others on one connection; the camera off and on again reaches the others", async (s) => {
  const ids = ["alice", "bob", "carol"];
  const pages = await threeThroughJanus(s);
  await Promise.all(ids.map((id) => assertReceiving(pages[id], id, others(ids, id))));
  for (const id of ids) {
    const c = await liveConnections(pages[id]);
    assert.equal(c.open, 2, `${id}: one connection publishing, one receiving: ${JSON.stringify(await connectionStates(pages[id]))}`);
  }
  // Bob's camera off: the others show his avatar; on again (a new track on the same sender).
  const camera = callPage(pages.bob).locator("button.cki-toggle").and(pages.bob.getByRole("button", { name: "Camera", exact: true }));
  await front(pages.bob);
  await camera.click();
  await Promise.all(["alice", "carol"].map((id) => waitForTile(pages[id], "Bob", "avatar", `${id} to show Bob's avatar`, 2000)));
  await camera.click();
  await Promise.all(["alice", "carol"].map((id) => waitForTile(pages[id], "Bob", "playing", `${id} to show Bob's video again`, CONNECT_MS)));
  await Promise.all(["alice", "carol"].map((id) => assertReceiving(pages[id], id, ["bob"], { kinds: ["video"] })));
});

/**
 * Records, in every page of `context`, the JSON messages the page sends on WebSockets (to read
 * which room the engine made: `__janusSent`).
 */
const recordJanus = (context) => context.addInitScript(() => {
  const sent = [];
  Object.defineProperty(globalThis, "__janusSent", { value: sent });
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try { sent.push({ url: this.url, ...JSON.parse(data) }); } catch { /* not JSON */ }
    return send.call(this, data);
  };
});

/** The room the page's engine created or joined, as it asked Janus. */
const roomOf = (page) => page.evaluate(() => globalThis.__janusSent.find((m) => m.body?.request === "create")?.body.room);

media("ten members through Janus: a caller, a callee and 8 more invited from the sidebar in two rounds; every page receives 9 videos; a member leaving is dropped everywhere", { timeout: 240_000 }, async (s, t) => {
  const ids = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"];
  // Ten tabs encoding and decoding video on two cores: clicks wait longer for a busy page.
  s.context.setDefaultTimeout(30_000);
  const pages = {};
  for (const id of ids) pages[id] = await s.open(id, USERS[id], params());
  const began = Date.now();
  await callAndAccept(pages.alice, pages.bob, "Bob");
  // Round 1 from the caller's sidebar, round 2 from the callee's.
  const rounds = [["alice", ["carol", "dave", "erin", "frank"]], ["bob", ["grace", "heidi", "ivan", "judy"]]];
  for (const [inviter, invitees] of rounds) {
    await inviteOnly(await openInvitees(pages[inviter]), invitees.map((id) => USERS[id]));
    for (const id of invitees) await accept(pages[id], { timeout: CONNECT_MS });
  }
  for (const id of ids) await waitForParticipants(pages[id], ids.map((i) => USERS[i]), id);
  await waitForVideo(pages, TEN_CONNECT_MS);
  t.diagnostic(`10 members, every page showing 9 videos: ${Date.now() - began} ms from the first call`);
  await Promise.all(ids.map((id) => assertReceiving(pages[id], id, others(ids, id), { ms: 3000, grace: STALL_MS })));
  for (const id of ids) assert.equal((await liveConnections(pages[id])).open, 2, `${id}: two connections (publish, receive), not 9`);

  // Judy leaves: everyone drops her tile, and stops receiving her feed.
  await front(pages.judy);
  await pages.judy.getByRole("button", { name: "Leave call", exact: true }).click();
  const stay = others(ids, "judy");
  await Promise.all(stay.map((id) => waitForTile(pages[id], USERS.judy, "gone", `${id} to drop Judy's tile`, 5000)));
  await Promise.all(stay.map((id) => waitUntil(() => pages[id].evaluate(() => globalThis.zp.getMediaStream("judy") === undefined), { message: `${id} to have no stream of Judy` })));
  assert.equal((await liveConnections(pages.judy)).open, 0, "Judy's connections are closed");
  await Promise.all(stay.map((id) => assertReceiving(pages[id], id, others(stay, id), { kinds: ["video"], ms: 2000, grace: STALL_MS })));
});

/** Janus back: every member receives every other again within this (ms): the longest retry pause (4 s) and a join. */
const RECOVER_MS = 15_000;

media("Janus killed mid-call and back 3 s later: the members publish and receive again on new connections, and the call goes on", async (s, t) => {
  const ids = ["alice", "bob", "carol"];
  const pages = await threeThroughJanus(s);
  const before = {};
  for (const id of ids) before[id] = await pages[id].evaluate(() => globalThis.__media.connections.length);
  // Down for 3 s: the engines retry after 0.5, 1 and 2 s; the third try finds it back.
  await janus.kill();
  await new Promise((r) => setTimeout(r, 3000));
  await janus.start();
  const restarted = Date.now();
  // Each member's stream of each other comes from a connection made after the restart.
  await Promise.all(ids.flatMap((id) => others(ids, id).map((other) => waitUntil(() => pages[id].evaluate(async ([user, n]) => {
    const ids = new Set((globalThis.zp.getMediaStream(user)?.getTracks() ?? []).map((t) => t.id));
    const pc = globalThis.__media.connections.slice(n).find((c) => c.connectionState === "connected" && c.getReceivers().some((r) => ids.has(r.track.id)));
    if (!pc) return false;
    let frames = 0;
    (await pc.getStats()).forEach((r) => { if (r.type === "inbound-rtp" && r.kind === "video" && ids.has(r.trackIdentifier)) frames += r.framesDecoded ?? 0; });
    return frames > 0;
  }, [other, before[id]]), { timeout: RECOVER_MS, interval: 100, message: `${id} to decode ${other}'s video on a new connection` }))));
  t.diagnostic(`every page decoding every other's video on new connections ${Date.now() - restarted} ms after Janus was back`);
  await Promise.all(ids.map((id) => assertReceiving(pages[id], id, others(ids, id))));
  for (const id of ids) await waitForParticipants(pages[id], ids.map((i) => USERS[i]), id);
});

media("a non-member who knows the call ID cannot reach its media: no room from the call ID, the room private, its pin refused; the room goes when the call ends", async (s) => {
  await recordJanus(s.context);
  const [alice, bob, carol] = [await s.open("alice", USERS.alice, params()), await s.open("bob", USERS.bob, params()), await s.open("carol", USERS.carol, params())];
  // Alice calls Bob and Carol at once; Carol declines: she knows the call ID, she is no member.
  await front(alice);
  await alice.evaluate(() => globalThis.zp.sendCallInvitation({ callees: [{ userID: "bob", userName: "Bob" }, { userID: "carol", userName: "Carol" }], callType: 1 }));
  await carol.getByRole("alertdialog").waitFor();
  await front(carol);
  await carol.getByRole("button", { name: "Decline", exact: true }).click();
  await accept(bob, { timeout: CONNECT_MS });
  await waitForTile(alice, "Bob", "playing", "Alice to show Bob's video", CONNECT_MS);
  const callID = await alice.evaluate(() => globalThis.zp.getRoomID());
  const room = await roomOf(alice);
  assert.ok(callID && Number.isSafeInteger(room), `the call ${callID} has a room ${room}`);
  assert.equal(await roomOf(bob), room, "Bob's engine meets Alice's in one room");

  // What Carol can compute from the call ID alone names no room.
  const { roomFor } = await import("../../js/janus-room.js");
  for (const guess of ["", callID, "0".repeat(32)]) {
    assert.notEqual(roomFor(callID, guess).room, room);
    assert.equal(await janus.exists(roomFor(callID, guess).room, carol), false, `no room for the call ID with the key guessed as ${JSON.stringify(guess)}`);
  }
  // The room is private: not listed.
  assert.ok(!(await janus.rooms(carol)).some((r) => r.room === room), "the call's room is not listed");
  // Even with the room's number (as from a server log), she cannot receive: no pin, a wrong pin.
  const feeds = (await janus.videoroom({ request: "listparticipants", room }, carol)).participants ?? [];
  assert.equal(feeds.length, 2, `Alice and Bob publish: ${JSON.stringify(feeds)}`);
  for (const pin of [undefined, callID]) {
    const answer = await janus.videoroom({ request: "join", ptype: "subscriber", room, ...(pin === undefined ? {} : { pin }), streams: [{ feed: feeds[0].id }] }, carol);
    assert.equal(answer.error_code, pin === undefined ? 429 : 433, `join as subscriber with pin ${JSON.stringify(pin)}: ${JSON.stringify(answer)}`);
  }
  // The last member to leave destroys the room.
  for (const page of [bob, alice]) {
    await front(page);
    await page.getByRole("button", { name: "Leave call", exact: true }).click();
  }
  await waitUntil(async () => !(await janus.exists(room, carol)), { timeout: 5000, message: `room ${room} to be destroyed once the call ended` });
});

media("two Janus servers: every member of a call meets on the one the call ID picks, and receives the others there", async (s) => {
  await recordJanus(s.context);
  const second = await Janus.create();
  try {
    const servers = [janus.url, second.url];
    const ids = ["alice", "bob", "carol"];
    const pages = await threeThroughJanus(s, [["media", "janus"], ...servers.map((url) => ["janusUrl", url])]);
    const callID = await pages.alice.evaluate(() => globalThis.zp.getRoomID());
    const { serverFor } = await import("../../js/janus-room.js");
    const chosen = new URL(serverFor(callID, servers)).href;
    for (const id of ids) {
      const urls = await pages[id].evaluate(() => [...new Set(globalThis.__janusSent.map((m) => m.url))]);
      assert.deepEqual(urls, [chosen], `${id} talks to the call's server only`);
    }
    await Promise.all(ids.map((id) => assertReceiving(pages[id], id, others(ids, id), { kinds: ["video"] })));
  } finally {
    await second.stop();
  }
});

/** Alice calls Bob, invites Carol from the sidebar; all three through Janus, videos playing. */
async function threeThroughJanus(s, query = params()) {
  const ids = ["alice", "bob", "carol"];
  const pages = {};
  for (const id of ids) pages[id] = await s.open(id, USERS[id], query);
  await callAndAccept(pages.alice, pages.bob, "Bob");
  await inviteOnly(await openInvitees(pages.alice), ["Carol"]);
  await accept(pages.carol, { timeout: CONNECT_MS });
  for (const id of ids) await waitForParticipants(pages[id], ids.map((i) => USERS[i]), id);
  await waitForVideo(pages);
  return pages;
}
