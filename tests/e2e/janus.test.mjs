// The call's media through Janus (SPEC §8; callkit-invite/janus): the demo with
// ?media=janus&janusUrl=…, a real Janus (VideoRoom) in the tests' network namespace
// (tests/e2e/janus-server.mjs). Each member publishes once and receives the others through one
// connection; the room is the call's: locked with the media key, which non-members never get.
//
//   scripts/netns.sh node --test --test-concurrency=1 tests/e2e/janus.test.mjs
import assert from "node:assert/strict";
import { before, after } from "node:test";
import { suite, USERS, front, callAndAccept, openInvitees, inviteOnly, waitForParticipants, waitUntil } from "./support.mjs";
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

/** Every page shows every other's video, playing. */
async function waitForVideo(pages) {
  const ids = Object.keys(pages);
  await Promise.all(ids.flatMap((id) => others(ids, id).map((other) =>
    waitForTile(pages[id], USERS[other], "playing", `${id} to show ${other}'s video playing`, CONNECT_MS))));
}

media("three members through Janus: each publishes once and receives the two others on one connection", async (s) => {
  const ids = ["alice", "bob", "carol"];
  const pages = {};
  for (const id of ids) pages[id] = await s.open(id, USERS[id], params());
  await callAndAccept(pages.alice, pages.bob, "Bob");
  await inviteOnly(await openInvitees(pages.alice), ["Carol"]);
  const ringing = pages.carol.getByRole("alertdialog");
  await ringing.waitFor();
  await front(pages.carol);
  await ringing.getByRole("button", { name: "Accept", exact: true }).click();
  for (const id of ids) await waitForParticipants(pages[id], ids.map((i) => USERS[i]), id);
  await waitForVideo(pages);
  await Promise.all(ids.map((id) => assertReceiving(pages[id], id, others(ids, id))));
  for (const id of ids) {
    const c = await liveConnections(pages[id]);
    assert.equal(c.open, 2, `${id}: one connection publishing, one receiving: ${JSON.stringify(await connectionStates(pages[id]))}`);
  }
});
