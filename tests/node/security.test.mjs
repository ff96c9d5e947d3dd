// The security model through the built package (SPEC §7): unguessable call IDs, a call only its
// members can enter, the call's size limit, and answers that go to the inviter only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Bus, Person, crowd, connect, user, withConsole, text, assertBadInput } from "./support.mjs";

test("a call's ID carries 128 random bits: call_ and 32 hex digits, never the same twice", async () => {
  const ids = new Set();
  for (let i = 0; i < 20; i++) {
    const p = crowd(["alice", "bob"]);
    await p.alice.invite(["bob"]);
    const id = p.alice.kit.getRoomID();
    assert.match(id, /^call_[0-9a-f]{32}$/);
    assert.ok(!id.includes("alice"), "no user ID in the call ID");
    ids.add(id);
    p.destroyAll();
  }
  assert.equal(ids.size, 20);
});

test("joinRoom without a room in the token makes an unguessable room ID too", () => {
  const bus = new Bus();
  const alice = new Person(bus, "alice");
  alice.kit.joinRoom();
  assert.match(alice.kit.getRoomID(), /^room_[0-9a-f]{32}$/);
});

test("someone who knows the call ID and sends an accept or a roster gets nothing and joins nobody's call", async () => {
  const p = crowd(["alice", "bob"], { config: { canInvitingInCalling: true } });
  await connect(p.alice, p.bob);
  const call = p.alice.kit.getRoomID();
  const mallory = p.bus.transport();
  const got = [];
  mallory.subscribe((t) => got.push(t), { appID: "1", userID: "mallory" });
  const seen = await withConsole(async () => {
    for (const kind of ["accept", "present"]) {
      const msg = {
        v: 2, id: `m-${kind}`, app: "1", sid: "m", from: user("mallory"), to: ["alice", "bob"], call,
        body: { [kind]: { participants: [user("mallory"), user("alice"), user("bob")], initiator: "alice", policy: { canInvitingInCalling: true } } },
      };
      mallory.send(JSON.stringify(msg), { appID: "1", to: ["alice", "bob"] });
    }
    await p.bus.idle();
  });
  assert.deepEqual(got, [], "a member answered the stranger");
  assert.ok(!p.alice.joinedSeen().includes("mallory") && !p.bob.joinedSeen().includes("mallory"));
  assert.ok(seen.warns.some((w) => /not a member of the call/.test(text(w))), seen.warns.map(text).join("\n"));
});

test("room config maxUsers: the initiator sizes its call; invitees past it come back as callFull", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  p.alice.kit.joinRoom({ maxUsers: 2 });
  const { errorInvitees } = await p.alice.invite(["bob", "carol"]);
  assert.deepEqual(errorInvitees.map((e) => [e.userID, e.reason]), [["carol", "callFull"]]);
  await assertBadInput(() => p.bob.kit.joinRoom({ maxUsers: 51 }), RangeError, "roomConfig.maxUsers");
  await assertBadInput(() => p.bob.kit.joinRoom({ maxUsers: "9" }), TypeError, "roomConfig.maxUsers");
});

test("a decline goes to the inviter alone, who tells the call", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  await connect(p.alice, p.bob);
  p.carol.answer = "decline";
  await p.alice.invite(["carol"]);
  await p.bus.idle();
  const declines = p.bus.sent("decline", "carol");
  assert.equal(declines.length, 1);
  assert.deepEqual(declines[0].to, ["alice"]);
  // Bob learns that the invitation ended from alice: his waiting tile goes.
  const relay = p.bus.sent("cancel", "alice");
  assert.ok(relay.some((e) => e.to.includes("bob")), JSON.stringify(relay.map((e) => e.to)));
});
