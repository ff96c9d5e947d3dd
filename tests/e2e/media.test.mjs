// Audio and video in calls (SPEC §8): the WebRTC full mesh between the members, seen from the
// pages. Users are tabs of one browser context (the BroadcastChannel transport), with the fake
// camera and microphone; scripts/test.sh runs this in a network namespace that has only
// loopback, so ICE pairs 127.0.0.1 candidates and nothing leaves the machine. What is read
// from the pages (connections, stats, tiles, tracks): tests/e2e/media-support.mjs.
import assert from "node:assert/strict";
import {
  suite, Session, USERS, accept, front, callAndAccept, callPage, openInvitees, inviteOnly, waitForParticipants, tileNames, toast, waitUntil,
} from "./support.mjs";
import {
  BOTH_DEVICES, recordMedia, connectionStates, liveConnections, mediaRequests, localTracks, inbound, tileState, tileIs, waitForTile,
  watchTile, clickStamp, assertReceiving,
} from "./media-support.mjs";
import { Nats } from "./nats-server.mjs";

const e2e = suite({ media: true });

/** SPEC §8: a remote tile follows a toggle, and drops a leaver, within this (ms). */
const FOLLOW_MS = 1000;
/** A member gone without goodbye: the liveness rule (silent 11 s) or ICE failure drops it. */
const VANISHED_MS = 20_000;
/** Connecting a mesh (ICE over loopback, fake devices): generous, on a busy 2-core machine. */
const CONNECT_MS = 15_000;

/** A media test: camera and microphone allowed in its context, media recorded in every tab. */
function media(name, opts, fn) {
  if (typeof opts === "function") [opts, fn] = [{}, opts];
  const { context, ...rest } = opts;
  return e2e(name, { timeout: 45_000, ...rest, context: { permissions: BOTH_DEVICES, ...context } }, async (s, t) => {
    await recordMedia(s.context);
    await fn(s, t);
  });
}

const names = (ids) => ids.map((id) => USERS[id]);
const others = (ids, id) => ids.filter((x) => x !== id);

/** The control bar's toggle named `name` ("Microphone" or "Camera") on `page`. */
const toggleButton = (page, name) => callPage(page).locator("button.cki-toggle").and(page.getByRole("button", { name, exact: true }));

/** A button's accessible description: its aria-describedby targets' text, else its title. */
const description = (button) => button.evaluate((b) => {
  const ids = (b.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  const text = ids.map((id) => b.getRootNode().getElementById(id)?.textContent.trim() ?? "").join(" ").trim();
  return text || b.getAttribute("title") || "";
});

/** Every tab in `pages` (id → page) holds exactly `n` open connections, all "connected". */
async function waitForMesh(pages, n) {
  await Promise.all(Object.entries(pages).map(([id, page]) => waitUntil(async () => {
    const c = await liveConnections(page);
    return c.open === n && c.connected === n;
  }, { timeout: CONNECT_MS, interval: 100, message: async () => `${id} to hold ${n} connected connections; it has ${JSON.stringify(await connectionStates(page))}` })));
}

/** Every tab in `pages` shows every other's video, playing. */
async function waitForVideo(pages) {
  const ids = Object.keys(pages);
  await Promise.all(ids.flatMap((id) => others(ids, id).map((other) =>
    waitForTile(pages[id], USERS[other], "playing", `${id} to show ${other}'s video playing`, CONNECT_MS))));
}

/** Alice calls Bob, Bob accepts, Alice invites Carol from the sidebar, Carol accepts. */
async function threeInCall(s, params = {}) {
  const [alice, bob, carol] = [await s.open("alice", USERS.alice, params), await s.open("bob", USERS.bob, params), await s.open("carol", USERS.carol, params)];
  await callAndAccept(alice, bob, "Bob");
  await inviteOnly(await openInvitees(alice), ["Carol"]);
  await accept(carol);
  const pages = { alice, bob, carol };
  for (const [id, page] of Object.entries(pages)) await waitForParticipants(page, names(["alice", "bob", "carol"]), id);
  return pages;
}

/** Asserts that every tab in `pages` receives audio and video from every other. */
async function assertFullMesh(pages) {
  const ids = Object.keys(pages);
  await Promise.all(ids.map((id) => assertReceiving(pages[id], id, others(ids, id))));
}

/**
 * Clicks `button` on `page`; resolves, for each page of `watchers`, the ms from the click (as
 * `page` got it) until that page saw `name`'s tile `condition` (tileIs), Infinity if not
 * within FOLLOW_MS + 2 s. Both ends are stamped inside the pages, on the clock the tabs of one
 * browser share: the driver's round trips are not in the figures.
 */
async function clickAndFollow(page, button, watchers, name, condition) {
  const waits = await Promise.all(watchers.map((w) => watchTile(w, name, condition)));
  const clicks = await page.evaluate(() => globalThis.__media.clicks.length);
  await front(page);
  await button.click();
  await waitUntil(() => page.evaluate((n) => globalThis.__media.clicks.length > n, clicks), { message: "the click to reach the page" });
  const clicked = await clickStamp(page);
  const seen = await Promise.all(waits.map((wait) => wait(FOLLOW_MS + 2000)));
  return seen.map((at) => (at === null ? Infinity : Math.round(at - clicked)));
}

media("three users in a video call: each tab receives the two others' audio and video over two connected connections", async (s) => {
  const pages = await threeInCall(s);
  await waitForMesh(pages, 2);
  await waitForVideo(pages);
  await assertFullMesh(pages);
  for (const [id, page] of Object.entries(pages)) {
    const own = await tileState(page, USERS[id]);
    assert.ok(own?.video && own.video.muted && own.video.mirrored, `${id}'s own tile: a muted, mirrored video: ${JSON.stringify(own)}`);
    for (const other of others(Object.keys(pages), id)) {
      const remote = await tileState(page, USERS[other]);
      assert.ok(!remote.video.muted && !remote.video.paused && remote.video.audio === 1,
        `${id}'s tile of ${other} plays its audio (unmuted, playing, one audio track): ${JSON.stringify(remote)}`);
      const received = await inbound(page, other);
      assert.deepEqual(received.tracks.map((t) => t.kind).sort(), ["audio", "video"], `zp.getMediaStream("${other}") on ${id}'s tab`);
    }
    const mine = await localTracks(page, id);
    assert.deepEqual(mine.own?.filter((t) => t.readyState === "live").map((t) => t.kind).sort(), ["audio", "video"], `${id}'s own stream: ${JSON.stringify(mine)}`);
  }
});

media("camera and microphone toggles: the others' tiles follow within 1 s, and camera off releases the camera", async (s, t) => {
  const pages = await threeInCall(s);
  const { alice, bob, carol } = pages;
  await waitForVideo(pages);
  const camera = toggleButton(bob, "Camera");
  const mic = toggleButton(bob, "Microphone");
  assert.equal(await camera.getAttribute("aria-pressed"), "true", "the camera starts on in a video call");
  assert.equal(await mic.getAttribute("aria-pressed"), "true", "the microphone starts on");
  // Every toggle is timed; the late ones are reported together at the end.
  const late = [];
  const follows = async (button, condition, what) => {
    const took = await clickAndFollow(bob, button, [alice, carol], "Bob", condition);
    t.diagnostic(`${what}: Alice's and Carol's tiles of Bob followed after ${took.join(" and ")} ms`);
    if (!took.every((ms) => ms <= FOLLOW_MS)) late.push(`${what}: ${took.join(" and ")} ms`);
  };

  await follows(camera, "avatar", "camera off");
  assert.equal(await camera.getAttribute("aria-pressed"), "false");
  await waitUntil(async () => (await localTracks(bob, "bob")).captured.filter((c) => c.kind === "video").every((c) => c.readyState === "ended"),
    { timeout: FOLLOW_MS, message: async () => `every camera track Bob captured to be ended (the device released); ${JSON.stringify(await localTracks(bob, "bob"))}` });

  await follows(camera, "playing", "camera on");
  assert.equal(await camera.getAttribute("aria-pressed"), "true");
  await Promise.all([["alice", alice], ["carol", carol]].map(([id, page]) => assertReceiving(page, id, ["bob"], { kinds: ["video"], ms: 1500 })));

  await follows(mic, "micOff", "microphone off");
  assert.equal(await mic.getAttribute("aria-pressed"), "false");
  await follows(mic, "micOn", "microphone on");
  assert.equal(await mic.getAttribute("aria-pressed"), "true");
  assert.deepEqual(late, [], `Alice's and Carol's tiles of Bob must follow each toggle within ${FOLLOW_MS} ms (Infinity: not within ${FOLLOW_MS + 2000})`);
  // The others' microphones were never touched: their marks stayed hidden.
  for (const [id, page] of Object.entries(pages)) {
    for (const other of others(["alice", "carol"], id)) {
      assert.equal((await tileState(page, USERS[other])).micOff, false, `${id}'s tile of ${other} must not show "Microphone off"`);
    }
  }
});

media("a fourth user invited mid-call connects to all three: four tabs, three connections each, media both ways", { timeout: 60_000 }, async (s) => {
  const pages = await threeInCall(s);
  await waitForMesh(pages, 2);
  const dave = await s.open("dave");
  await inviteOnly(await openInvitees(pages.alice), ["Dave"]);
  await accept(dave);
  pages.dave = dave;
  for (const [id, page] of Object.entries(pages)) await waitForParticipants(page, names(["alice", "bob", "carol", "dave"]), id);
  await waitForMesh(pages, 3);
  await waitForVideo(pages);
  await assertFullMesh(pages);
});

media("Leave call: the leaver's tracks end and its connections close; the others drop its tile within 1 s and close theirs", async (s, t) => {
  const pages = await threeInCall(s);
  const { alice, bob, carol } = pages;
  await waitForMesh(pages, 2);
  await waitForVideo(pages);
  const took = await clickAndFollow(carol, callPage(carol).getByRole("button", { name: "Leave call", exact: true }), [alice, bob], "Carol", "gone");
  t.diagnostic(`Alice and Bob dropped Carol's tile after ${took.join(" and ")} ms`);
  assert.ok(took.every((ms) => ms <= FOLLOW_MS),
    `Alice and Bob must drop Carol's tile within ${FOLLOW_MS} ms of her "Leave call"; they took ${took.join(" and ")} ms (Infinity: not within ${FOLLOW_MS + 2000})`);

  const left = await localTracks(carol, "carol");
  assert.ok(left.captured.length >= 2 && left.captured.every((t) => t.readyState === "ended"),
    `every track Carol captured is ended (camera and microphone released): ${JSON.stringify(left.captured)}`);
  assert.ok(!left.own || left.own.every((t) => t.readyState === "ended"), `Carol's own stream holds no live track: ${JSON.stringify(left.own)}`);
  const carolStates = await connectionStates(carol);
  assert.ok(carolStates.length >= 2 && carolStates.every((c) => c.connection === "closed"), `Carol's connections are all closed: ${JSON.stringify(carolStates)}`);
  for (const [id, page] of [["alice", alice], ["bob", bob]]) {
    await waitUntil(async () => (await liveConnections(page)).open === 1, {
      timeout: FOLLOW_MS, message: async () => `${id} to close its connection to Carol; ${JSON.stringify(await connectionStates(page))}`,
    });
  }
  // The call goes on between Alice and Bob.
  await assertReceiving(alice, "alice", ["bob"], { ms: 1500 });
  await assertReceiving(bob, "bob", ["alice"], { ms: 1500 });
});

media("camera permission denied: \"Camera unavailable\", the camera toggle disabled with its reason, audio both ways, the others see the avatar", { timeout: 60_000 }, async (s) => {
  // Permissions belong to a browser context and an origin, and every tab of a context shares
  // its BroadcastChannel: a user without camera permission needs a context of his own, so both
  // signal over NATS, as users on two machines do.
  const nats = await Nats.create();
  const bobSession = await Session.create(e2e.browser(), e2e.server().base, { permissions: ["microphone"] });
  try {
    await recordMedia(bobSession.context);
    const params = { signaling: "nats", natsUrl: nats.url };
    const alice = await s.open("alice", USERS.alice, params);
    const bob = await bobSession.open("bob", USERS.bob, params);
    await nats.waitForSubscriptions(2);
    await callAndAccept(alice, bob, "Bob");
    await waitForParticipants(alice, ["Alice", "Bob"], "alice");
    await waitForParticipants(bob, ["Alice", "Bob"], "bob");

    await toast(bob, "Camera unavailable").waitFor();
    assert.equal(await toast(bob, "Microphone unavailable").count(), 0, "the microphone was allowed");
    const { refusals } = await mediaRequests(bob);
    assert.ok(refusals.some((r) => r.startsWith("NotAllowedError")), `the browser refused Bob's camera: ${JSON.stringify(refusals)}`);
    const camera = toggleButton(bob, "Camera");
    assert.equal(await camera.isDisabled(), true, "Bob's camera toggle is disabled");
    assert.notEqual(await description(camera), "", "the disabled camera toggle says why (aria-describedby or title)");
    assert.equal(await camera.getAttribute("aria-pressed"), "false", "Bob's camera is not on");
    assert.equal(await toggleButton(bob, "Microphone").isDisabled(), false, "Bob's microphone toggle works");

    await waitForMesh({ alice, bob }, 1);
    await waitForTile(bob, "Alice", "playing", "bob to show Alice's video playing", CONNECT_MS);
    await assertReceiving(bob, "bob", ["alice"]);
    await assertReceiving(alice, "alice", ["bob"], { kinds: ["audio"] });
    assert.ok(await tileIs(alice, "Bob", "avatar"), `Alice sees Bob's avatar, not a video: ${JSON.stringify(await tileState(alice, "Bob"))}`);
    assert.equal((await inbound(alice, "bob")).tracks.some((t) => t.kind === "video" && t.readyState === "live" && !t.muted), false,
      "Alice receives no video from Bob");
    await bobSession.assertClean();
  } finally {
    await bobSession.close();
    await nats.stop();
  }
});

media("a member that vanishes without goodbye (its tab crashes) is dropped within 20 s; the call goes on", { timeout: 60_000 }, async (s, t) => {
  const pages = await threeInCall(s);
  const { alice, bob, carol } = pages;
  await waitForMesh(pages, 2);
  await waitForVideo(pages);
  const cdp = await s.context.newCDPSession(carol);
  const crashed = new Promise((resolve) => carol.once("crash", resolve));
  const at = Date.now();
  // The renderer dies at once, without `pagehide`; the command itself never gets its answer.
  cdp.send("Page.crash").catch(() => {});
  await crashed;
  let reconnecting = false;
  const took = await Promise.all([["alice", alice], ["bob", bob]].map(([id, page]) => waitUntil(async () => {
    if ((await tileState(page, "Carol"))?.status === "Reconnecting…") reconnecting = true;
    const gone = !(await tileNames(page)).includes("Carol") && (await liveConnections(page)).open === 1;
    return gone && Date.now() - at;
  }, { timeout: VANISHED_MS, interval: 100, message: async () => `${id} to drop Carol's tile and close its connection to her; tiles ${JSON.stringify(await tileNames(page))}, connections ${JSON.stringify(await connectionStates(page))}` })));
  t.diagnostic(`Carol dropped after ${took.join(" and ")} ms; her tile said "Reconnecting…" meanwhile: ${reconnecting}`);
  await assertReceiving(alice, "alice", ["bob"], { ms: 1500 });
  await assertReceiving(bob, "bob", ["alice"], { ms: 1500 });
});

media("camera=off and mic=off: Bob joins with both off, the others see his avatar and \"Microphone off\"; his camera comes on within 1 s", async (s, t) => {
  const alice = await s.open("alice");
  const bob = await s.open("bob", USERS.bob, { camera: "off", mic: "off" });
  await callAndAccept(alice, bob, "Bob");
  await waitForMesh({ alice, bob }, 1);
  await waitForTile(bob, "Alice", "playing", "bob to show Alice's video playing", CONNECT_MS);
  const camera = toggleButton(bob, "Camera");
  const mic = toggleButton(bob, "Microphone");
  assert.deepEqual([await camera.getAttribute("aria-pressed"), await mic.getAttribute("aria-pressed")], ["false", "false"], "Bob's camera and microphone toggles start off");
  assert.deepEqual([await camera.isDisabled(), await mic.isDisabled()], [false, false], "and can be turned on");
  const live = (await localTracks(bob, "bob")).captured.filter((c) => c.readyState === "live" && (c.kind === "video" || c.enabled));
  assert.deepEqual(live, [], "Bob's camera is not open and no enabled microphone track is live");
  await waitForTile(alice, "Bob", "micOff", "alice to show \"Microphone off\" on Bob's tile", FOLLOW_MS);
  assert.ok(await tileIs(alice, "Bob", "avatar"), `Alice sees Bob's avatar: ${JSON.stringify(await tileState(alice, "Bob"))}`);

  const took = await clickAndFollow(bob, camera, [alice], "Bob", "playing");
  t.diagnostic(`camera on: Alice's tile of Bob played his video after ${took[0]} ms`);
  assert.ok(took[0] <= FOLLOW_MS, `Alice's tile of Bob must show his video within ${FOLLOW_MS} ms of his camera toggle; it took ${took[0]} ms`);
  await assertReceiving(alice, "alice", ["bob"], { kinds: ["video"], ms: 1500 });
});

media("media=off: no getUserMedia, no RTCPeerConnection, and the invitation UI works", async (s) => {
  const pages = await threeInCall(s, { media: "off" });
  await new Promise((r) => setTimeout(r, 1000)); // media would have started by now
  for (const [id, page] of Object.entries(pages)) {
    const { requests } = await mediaRequests(page);
    assert.deepEqual(requests, [], `${id} asked for no device`);
    assert.deepEqual(await connectionStates(page), [], `${id} made no RTCPeerConnection`);
  }
  for (const [id, page] of Object.entries(pages)) {
    assert.equal(await page.evaluate((me) => globalThis.zp.getMediaStream(me), id), undefined, `${id}: zp.getMediaStream(own) is undefined (documented: nothing when there is none)`);
  }
  // The sidebar still lists who is in the call.
  const sidebar = await openInvitees(pages.bob);
  assert.equal(await sidebar.getByRole("checkbox", { name: "Carol", exact: true }).isDisabled(), true, "Carol, in the call, is a disabled row");
});
