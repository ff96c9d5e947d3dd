// A media engine plugged in with addPlugins({ media }) (SPEC §8), seen through a fake one that
// records what the kit hands it: the call, the members, the media key (the same for every
// member, never for someone who declined), the streams it returns shown as the members'
// streams, `leave` when the call ends, no mesh connection, and an engine that throws reported
// without stopping the call.
import assert from "node:assert/strict";
import { suite, USERS, accept, front, callAndAccept, callPage, waitForParticipants, waitUntil } from "./support.mjs";
import { BOTH_DEVICES, recordMedia, liveConnections } from "./media-support.mjs";

const e2e = suite({ media: true });

/** Plugs a recording engine into the page's kit (`__engine.calls`, `.leaves`). */
const fakeEngine = (page, { throws = false } = {}) => page.evaluate((throwing) => {
  const engine = { calls: [], leaves: 0, streams: {} };
  globalThis.__engine = engine;
  const media = {
    update(call) {
      engine.calls.push({
        callID: call.callID, userID: call.userID, mediaKey: call.mediaKey, video: call.video, maxUsers: call.maxUsers,
        members: [...call.members], stream: call.stream instanceof MediaStream, iceServers: call.iceServers ?? null,
        self: this === media,
      });
      if (throwing) throw new Error("engine failure");
      for (const id of call.members) engine.streams[id] ??= new MediaStream();
      return engine.streams;
    },
    leave() { engine.leaves += 1; },
  };
  globalThis.zp.addPlugins({ media });
}, throws);

const last = (page) => page.evaluate(() => globalThis.__engine.calls.at(-1) ?? null);

e2e("a media engine gets the call instead of the mesh: members, one media key for all members and none for who declined, its streams shown, leave at the end", { context: { permissions: BOTH_DEVICES }, timeout: 60_000 }, async (s) => {
  await recordMedia(s.context);
  const [alice, bob, carol] = [await s.open("alice"), await s.open("bob"), await s.open("carol")];
  for (const page of [alice, bob, carol]) await fakeEngine(page);
  // Alice calls Bob and Carol at once; Carol declines, Bob accepts.
  await front(alice);
  await alice.evaluate(() => globalThis.zp.sendCallInvitation({ callees: [{ userID: "bob", userName: "Bob" }, { userID: "carol", userName: "Carol" }], callType: 1 }));
  await carol.getByRole("alertdialog").waitFor();
  await front(carol);
  await carol.getByRole("button", { name: "Decline", exact: true }).click();
  await accept(bob);
  for (const [id, page] of [["alice", alice], ["bob", bob]]) await waitForParticipants(page, ["Alice", "Bob"], id);

  await waitUntil(async () => (await last(alice))?.members.includes("bob") && (await last(bob))?.members.includes("alice"), { message: "both engines to be told the other member" });
  const [a, b] = [await last(alice), await last(bob)];
  const callID = await alice.evaluate(() => globalThis.zp.getRoomID());
  assert.match(a.mediaKey, /^[0-9a-f]{32}$/, "128 random bits");
  assert.deepEqual({ ...b, userID: undefined, members: undefined }, { ...a, userID: undefined, members: undefined }, "the same call, key and terms for both members");
  assert.deepEqual([a.callID, a.userID, a.members, a.video, a.maxUsers, a.stream, a.self], [callID, "alice", ["bob"], true, 10, true, true]);
  assert.deepEqual([b.userID, b.members], ["bob", ["alice"]]);
  assert.equal(await carol.evaluate(() => globalThis.__engine.calls.length), 0, "Carol declined: her engine never hears of the call");
  // The engine's streams are the members' streams; the mesh stays out.
  assert.ok(await alice.evaluate(() => globalThis.zp.getMediaStream("bob") === globalThis.__engine.streams.bob));
  for (const page of [alice, bob]) assert.equal((await liveConnections(page)).open, 0, "no mesh connection next to the engine");
  // Bob leaves: his engine is told once; Alice's engine sees him gone.
  await front(bob);
  await callPage(bob).getByRole("button", { name: "Leave call", exact: true }).click();
  await waitUntil(() => bob.evaluate(() => globalThis.__engine.leaves === 1), { message: "Bob's engine to be told to leave" });
  await waitUntil(async () => (await last(alice))?.members.length === 0, { message: "Alice's engine to see Bob gone" });
  assert.equal(await bob.evaluate(() => globalThis.__engine.leaves), 1);
});

e2e("an engine whose update throws is reported with console.error, and the call goes on", { context: { permissions: BOTH_DEVICES }, timeout: 45_000 }, async (s) => {
  const [alice, bob] = [await s.open("alice"), await s.open("bob")];
  for (const page of [alice, bob]) await fakeEngine(page, { throws: true });
  await callAndAccept(alice, bob, "Bob");
  for (const [id, page] of [["alice", alice], ["bob", bob]]) await waitForParticipants(page, ["Alice", "Bob"], id);
  await waitUntil(() => s.consoleErrors.some((e) => e.includes("plugins.media.update threw")), { message: "the throw to be reported" });
  // The call's UI still works: Bob leaves, and Alice (the demo's calls are group calls) stays alone.
  await front(bob);
  await callPage(bob).getByRole("button", { name: "Leave call", exact: true }).click();
  await waitForParticipants(alice, ["Alice"], "alice");
  assert.deepEqual(s.pageErrors, []);
});
