// The invitation lifecycle between three to six headless kits on the in-memory transport.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Bus, Person, crowd, connect, user, nameOf, withConsole, text, sleep, waitFor } from "./support.mjs";

const ids = (users) => users.map((u) => u.userID);
const sorted = (list) => [...list].sort();

test("invite → accept → in-call invite by the initiator → accept: everyone sees every new participant", async () => {
  const p = crowd(["alice", "bob", "carol", "dave", "erin"], (id) => ({ config: id === "alice" ? { canInvitingInCalling: true } : {} }));
  // 1:1: the caller waits on its (custom, headless) waiting page.
  assert.deepEqual(await p.alice.invite(["bob"], { callType: 0, data: "hello" }), { errorInvitees: [] });
  const [[waitType, waitCallees, cancel]] = p.alice.calls("onWaitingPageWhenSending");
  assert.equal(waitType, 0);
  assert.deepEqual(waitCallees, [user("bob")]);
  assert.equal(typeof cancel, "function");
  await p.bus.idle();
  const callID = p.alice.kit.getRoomID();
  assert.deepEqual(p.bob.calls("onIncomingCallReceived"), [[callID, user("alice"), 0, [user("bob")]]]);
  const [[type, caller, refuse, accept, data]] = p.bob.calls("onConfirmDialogWhenReceiving");
  assert.deepEqual([type, caller, typeof refuse, typeof accept, data], [0, user("alice"), "function", "function", "hello"]);
  assert.equal(p.alice.count("onJoinRoom"), 0, "the caller of a 1:1 call joins when answered");
  accept();
  await p.bus.idle();
  assert.deepEqual(p.bob.names(), ["onIncomingCallReceived", "onConfirmDialogWhenReceiving", "onSetRoomConfigBeforeJoining", "onJoinRoom", "onUserJoin"]);
  assert.deepEqual(p.bob.calls("onSetRoomConfigBeforeJoining"), [[0]]);
  // The incumbent's two arguments, and the data of the callee's accept() (none here).
  assert.deepEqual(p.alice.calls("onOutgoingCallAccepted"), [[callID, user("bob"), ""]]);
  assert.deepEqual(p.alice.calls("onSetRoomConfigBeforeJoining"), [[0]]);
  assert.equal(p.alice.count("onJoinRoom"), 1);
  assert.deepEqual(p.alice.calls("onUserJoin"), [[[user("bob")]]]);
  assert.deepEqual(p.bob.calls("onUserJoin"), [[[user("alice")]]]);

  // In the call, the initiator invites two more.
  assert.deepEqual(await p.alice.invite(["carol", "dave"]), { errorInvitees: [] });
  await p.bus.idle();
  for (const who of ["carol", "dave"]) {
    const [[id, from, t, callees]] = p[who].calls("onIncomingCallReceived");
    assert.deepEqual([id, from, t, ids(callees)], [callID, user("alice"), 0, ["carol", "dave"]]);
  }
  p.carol.ringing.accept();
  await p.bus.idle();
  p.dave.ringing.accept();
  await p.bus.idle();
  // And one more, one at a time.
  p.erin.answer = "accept";
  await p.alice.invite(["erin"]);
  await p.bus.idle();
  const all = ["alice", "bob", "carol", "dave", "erin"];
  for (const who of all) {
    assert.equal(p[who].kit.getRoomID(), callID, who);
    const seen = p[who].joinedSeen();
    assert.deepEqual(sorted(seen), all.filter((x) => x !== who), `${who} saw ${seen}`);
    assert.equal(p[who].count("onJoinRoom"), 1, who);
  }
  assert.deepEqual(p.alice.calls("onOutgoingCallAccepted").map(([, u]) => u.userID), ["bob", "carol", "dave", "erin"]);
  assert.equal(p.bob.count("onOutgoingCallAccepted"), 0, "only the inviter hears of the answer");
  // userName travels: bob sees carol by name.
  assert.ok(p.bob.calls("onUserJoin").flat(2).some((u) => u.userID === "carol" && u.userName === "Carol"));
  // Someone leaves: the others see it; the call goes on.
  p.dave.kit.hangUp();
  await p.bus.idle();
  for (const who of ["alice", "bob", "carol", "erin"]) assert.deepEqual(p[who].leftSeen(), ["dave"], who);
  // Dave came in with an in-call invitation that carried no data of its own.
  assert.deepEqual(p.dave.calls("onCallInvitationEnded"), [["LeaveRoom", ""]]);
  assert.equal(p.alice.count("onCallInvitationEnded"), 0);
  p.destroyAll();
});

test("several callees: the caller joins at once (no waiting page); the first answer brings the call to life", async () => {
  const p = crowd(["alice", "bob", "carol", "dave"]);
  await p.alice.invite(["bob", "carol", "dave"]);
  assert.equal(p.alice.count("onWaitingPageWhenSending"), 0);
  assert.equal(p.alice.count("onJoinRoom"), 1);
  await p.bus.idle();
  p.bob.ringing.refuse();
  await p.bus.idle();
  assert.deepEqual(p.alice.calls("onOutgoingCallDeclined").map(([, u]) => u.userID), ["bob"]);
  assert.equal(p.alice.count("onCallInvitationEnded"), 0, "a group call goes on after one decline");
  p.carol.ringing.accept();
  p.dave.ringing.accept();
  await p.bus.idle();
  assert.deepEqual(sorted(p.alice.joinedSeen()), ["carol", "dave"]);
  assert.deepEqual(sorted(p.carol.joinedSeen()), ["alice", "dave"]);
  assert.deepEqual(sorted(p.dave.joinedSeen()), ["alice", "carol"]);
  assert.equal(p.bob.count("onJoinRoom"), 0);
  p.destroyAll();
});

test("onlyInitiatorCanInvite: a non-initiator's sendCallInvitation rejects with \"Only initiator can invite\"", async () => {
  const p = crowd(["alice", "bob", "carol"], (id) => ({ config: id === "alice" ? { canInvitingInCalling: true, onlyInitiatorCanInvite: true } : { canInvitingInCalling: true } }));
  await connect(p.alice, p.bob);
  await assert.rejects(p.bob.invite(["carol"]), (e) => e instanceof Error && !(e instanceof TypeError) && e.message === "Only initiator can invite");
  await p.bus.idle();
  assert.equal(p.carol.count("onIncomingCallReceived"), 0);
  assert.equal(p.bus.sent("invite", "bob").length, 0);
  // The initiator still can.
  p.carol.answer = "accept";
  assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(p.bob.joinedSeen(), ["alice", "carol"]);
  p.destroyAll();
});

test("without canInvitingInCalling nobody invites during the call; the 1:1 caller cannot invite while still calling", async () => {
  const p = crowd(["alice", "bob", "carol"]);
  await p.alice.invite(["bob"]);
  await assert.rejects(p.alice.invite(["carol"]), (e) => e instanceof Error && /waiting for an answer/.test(e.message));
  await p.bus.idle();
  p.bob.ringing.accept();
  await p.bus.idle();
  await assert.rejects(p.alice.invite(["carol"]), (e) => e instanceof Error && /canInvitingInCalling/.test(e.message));
  await assert.rejects(p.bob.invite(["carol"]), (e) => e instanceof Error && /canInvitingInCalling/.test(e.message));
  await p.bus.idle();
  assert.equal(p.carol.count("onIncomingCallReceived"), 0);
  p.destroyAll();
});

// A message as the kits encode it (see src/core/protocol.rs), based on a captured one.
function forge(template, changes) {
  const msg = structuredClone(template);
  msg.id = `forged-${Math.random().toString(16).slice(2)}`;
  msg.sid = "forged-sid";
  Object.assign(msg, changes.envelope ?? {});
  Object.assign(msg.body.invite, changes.invite ?? {});
  return JSON.stringify(msg);
}

test("on receipt, an in-call invitation the call's policy forbids is declined, and the callee does not ring", async () => {
  const p = crowd(["alice", "bob", "carol", "dave"], (id) => ({ config: id === "alice" ? { canInvitingInCalling: true, onlyInitiatorCanInvite: true } : {} }));
  await connect(p.alice, p.bob);
  const template = p.bus.sent("invite", "alice")[0].msg;
  const callID = template.call;
  const participants = [user("alice"), user("bob")];
  const fromBob = (policy, extra = {}) =>
    forge(template, {
      envelope: { from: user("bob"), to: ["carol"] },
      invite: { inCall: true, callees: [user("carol")], participants, policy, ...extra },
    });
  const seen = await withConsole(async () => {
    // The policy that travels with alice's call forbids bob from inviting.
    p.bus.deliver("carol", fromBob({ canInvitingInCalling: true, onlyInitiatorCanInvite: true, endCallWhenInitiatorLeave: false }));
    await p.bus.idle();
  });
  assert.equal(p.carol.count("onIncomingCallReceived"), 0);
  assert.equal(p.carol.count("onConfirmDialogWhenReceiving"), 0);
  assert.ok(seen.warns.some((w) => /forbidden/.test(text(w))), seen.warns.map(text).join("\n"));
  const declines = p.bus.sent("decline", "carol");
  assert.equal(declines.length, 1);
  assert.ok(declines[0].to.includes("bob"));
  assert.equal(declines[0].msg.call, callID);
  // Nor may anyone invite when the call does not allow it at all.
  await withConsole(async () => {
    p.bus.deliver("carol", fromBob({ canInvitingInCalling: false, onlyInitiatorCanInvite: false }));
    // A "first" invitation of a call can only come from its initiator.
    p.bus.deliver("carol", fromBob({ canInvitingInCalling: true }, { inCall: false }));
    await p.bus.idle();
  });
  assert.equal(p.carol.count("onIncomingCallReceived"), 0);
  // The same message under a permissive policy rings: the forgery is well formed.
  p.bus.deliver("carol", fromBob({ canInvitingInCalling: true, onlyInitiatorCanInvite: false }));
  await p.bus.idle();
  assert.deepEqual(p.carol.calls("onIncomingCallReceived").map(([id, from]) => [id, from.userID]), [[callID, "bob"]]);
  // Carol's own config was not touched by the call's policy: her own call has her flags.
  p.carol.ringing.refuse();
  await p.bus.idle();
  p.destroyAll();
});

test("decline: the 1:1 caller gets onOutgoingCallDeclined and onCallInvitationEnded(\"Declined\")", async () => {
  const p = crowd(["alice", "bob"]);
  await p.alice.invite(["bob"], { data: "d1" });
  await p.bus.idle();
  const callID = p.alice.kit.getRoomID();
  p.bob.ringing.refuse();
  await p.bus.idle();
  assert.deepEqual(p.alice.calls("onOutgoingCallDeclined"), [[callID, user("bob"), ""]]);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Declined", "d1"]]);
  assert.equal(p.alice.count("onJoinRoom"), 0);
  assert.equal(p.bob.count("onJoinRoom"), 0);
  assert.equal(p.alice.kit.getRoomID(), "");
  // A stale accept after refusing does nothing.
  p.bob.ringing.accept();
  await p.bus.idle();
  assert.equal(p.bob.count("onJoinRoom"), 0);
  assert.equal(p.alice.count("onOutgoingCallAccepted"), 0);
  p.destroyAll();
});

test("busy: a callee in a call (or ringing) answers Busy by itself: onOutgoingCallRejected, onCallInvitationEnded(\"Busy\")", async () => {
  const p = crowd(["alice", "bob", "carol", "dave", "erin"]);
  await connect(p.alice, p.bob);
  await p.carol.invite(["bob"]);
  await p.bus.idle();
  const carolCall = p.carol.bus.sent("invite", "carol")[0].msg.call;
  assert.deepEqual(p.carol.calls("onOutgoingCallRejected"), [[carolCall, user("bob")]]);
  assert.deepEqual(p.carol.calls("onCallInvitationEnded"), [["Busy", ""]]);
  assert.equal(p.bob.count("onIncomingCallReceived"), 1, "bob never rang for carol");
  assert.equal(p.carol.kit.getRoomID(), "");
  // Ringing is busy too.
  await p.dave.invite(["carol"]);
  await p.bus.idle();
  assert.equal(p.carol.count("onIncomingCallReceived"), 1);
  await p.erin.invite(["carol"]);
  await p.bus.idle();
  assert.equal(p.erin.count("onOutgoingCallRejected"), 1);
  assert.deepEqual(p.erin.calls("onCallInvitationEnded"), [["Busy", ""]]);
  assert.equal(p.carol.count("onIncomingCallReceived"), 1);
  // Carol can still answer dave; bob's call with alice is untouched.
  p.carol.ringing.accept();
  await p.bus.idle();
  assert.deepEqual(p.dave.joinedSeen(), ["carol"]);
  assert.equal(p.alice.kit.getRoomID(), p.bob.kit.getRoomID());
  assert.equal(p.bob.count("onCallInvitationEnded"), 0);
  p.destroyAll();
});

test("timeout: onOutgoingCallTimeout / onIncomingCallTimeout, and the pending state ends for a non-initiator inviter too (timeout: 1)", async () => {
  const p = crowd(["alice", "bob", "carol", "dave", "erin"], { config: { canInvitingInCalling: true } });
  await connect(p.carol, p.dave); // a call going on, where dave (not its initiator) invites erin
  await p.alice.invite(["bob"], { timeout: 1 });
  await p.dave.invite(["erin"], { timeout: 1 });
  await p.bus.idle();
  assert.deepEqual((await p.carol.invite(["erin"])).errorInvitees.map((e) => e.reason), ["calling"]);
  const aliceCall = p.alice.kit.getRoomID();
  const carolCall = p.carol.kit.getRoomID();
  await sleep(600);
  assert.equal(p.alice.count("onOutgoingCallTimeout") + p.bob.count("onIncomingCallTimeout") + p.dave.count("onOutgoingCallTimeout"), 0, "not before the timeout");
  const timedOut = () => [p.alice, p.dave].every((k) => k.count("onOutgoingCallTimeout") === 1) && [p.bob, p.erin].every((k) => k.count("onIncomingCallTimeout") === 1);
  await waitFor(timedOut, 5000, "the 1 s invitations to time out");
  await p.bus.idle();
  assert.deepEqual(p.alice.calls("onOutgoingCallTimeout"), [[aliceCall, [user("bob")]]]);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Timeout", ""]]);
  assert.deepEqual(p.bob.calls("onIncomingCallTimeout"), [[aliceCall, user("alice")]]);
  assert.equal(p.alice.kit.getRoomID(), "");
  assert.deepEqual(p.dave.calls("onOutgoingCallTimeout"), [[carolCall, [user("erin")]]]);
  assert.deepEqual(p.erin.calls("onIncomingCallTimeout"), [[carolCall, user("dave")]]);
  assert.equal(p.dave.count("onCallInvitationEnded"), 0, "the call goes on");
  assert.equal(p.carol.count("onOutgoingCallTimeout"), 0, "only the inviter hears of it");
  // Erin is no longer pending anywhere: the initiator can invite her again.
  p.erin.answer = "accept";
  assert.deepEqual(await p.carol.invite(["erin"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(sorted(p.erin.joinedSeen()), ["carol", "dave"]);
  // Late answers to the timed-out call do nothing.
  p.bob.ringing.accept();
  await p.bus.idle();
  assert.equal(p.bob.count("onJoinRoom"), 0);
  p.destroyAll();
});

test("a non-initiator's hangUp cancels the invitations it sent; they end for the others too", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  await connect(p.alice, p.bob);
  await p.bob.invite(["carol"]);
  await p.bus.idle();
  p.bob.kit.hangUp();
  await p.bus.idle();
  assert.deepEqual(p.carol.calls("onIncomingCallCanceled").map(([, caller]) => caller.userID), ["bob"]);
  assert.deepEqual(p.alice.leftSeen(), ["bob"]);
  // Carol is not "calling" any more for alice.
  p.carol.answer = "accept";
  assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(p.carol.joinedSeen(), ["alice"]);
  p.destroyAll();
});

test("a busy callee of an in-call invitation: the (non-initiator) inviter gets onOutgoingCallRejected; the call goes on", async () => {
  const p = crowd(["alice", "bob", "carol", "dave"], { config: { canInvitingInCalling: true } });
  await connect(p.alice, p.bob);
  await p.dave.invite(["carol"]); // carol rings for dave
  await p.bus.idle();
  await p.bob.invite(["carol"]);
  await p.bus.idle();
  assert.deepEqual(p.bob.calls("onOutgoingCallRejected").map(([id, u]) => [id, u.userID]), [[p.alice.kit.getRoomID(), "carol"]]);
  assert.equal(p.alice.count("onOutgoingCallRejected"), 0);
  assert.equal(p.bob.count("onCallInvitationEnded"), 0);
  assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] }, "carol is not left pending");
  p.destroyAll();
});

test("a participant who left can be invited back into the same call", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true }, answer: "accept" });
  await p.alice.invite(["bob", "carol"]);
  await p.bus.idle();
  p.bob.kit.hangUp();
  await p.bus.idle();
  assert.deepEqual(await p.alice.invite(["bob"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.equal(p.bob.kit.getRoomID(), p.alice.kit.getRoomID());
  assert.deepEqual(p.alice.joinedSeen(), ["bob", "carol", "bob"]);
  assert.deepEqual(p.carol.joinedSeen(), ["alice", "bob", "bob"]);
  assert.deepEqual(p.bob.calls("onUserJoin").at(-1)[0].map((u) => u.userID).sort(), ["alice", "carol"]);
  p.destroyAll();
});

test("an in-call invitation delivers its own data", {
}, async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true }, answer: "accept" });
  await p.alice.invite(["bob"], { data: "first" });
  await p.bus.idle();
  await p.alice.invite(["carol"], { data: "second" });
  await p.bus.idle();
  assert.deepEqual(p.carol.calls("onConfirmDialogWhenReceiving").map((args) => args[4]), ["second"]);
  p.destroyAll();
});

test("cancel from the waiting page: the callee gets onIncomingCallCanceled, the caller onCallInvitationEnded(\"Canceled\")", async () => {
  const p = crowd(["alice", "bob", "carol"]);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  const callID = p.alice.kit.getRoomID();
  p.alice.cancel();
  await p.bus.idle();
  assert.deepEqual(p.bob.calls("onIncomingCallCanceled"), [[callID, user("alice")]]);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Canceled", ""]]);
  assert.equal(p.alice.kit.getRoomID(), "");
  // Accepting the cancelled invitation does nothing; cancelling again does nothing.
  p.bob.ringing.accept();
  p.alice.cancel();
  await p.bus.idle();
  assert.equal(p.bob.count("onJoinRoom"), 0);
  assert.equal(p.alice.count("onCallInvitationEnded"), 1);
  // Both are free: bob calls alice.
  p.alice.answer = "accept";
  await p.bob.invite(["alice"]);
  await p.bus.idle();
  assert.deepEqual(p.bob.joinedSeen(), ["alice"]);
  p.destroyAll();
});

test("hangUp while calling cancels the invitation", async () => {
  const p = crowd(["alice", "bob"]);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  p.alice.kit.hangUp();
  await p.bus.idle();
  assert.equal(p.bob.count("onIncomingCallCanceled"), 1);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Canceled", ""]]);
  p.destroyAll();
});

test("endCallWhenInitiatorLeave: the initiator's hangUp ends the call for everyone (onCallInvitationEnded(\"LeaveRoom\"), onLeaveRoom)", async () => {
  const p = crowd(["alice", "bob", "carol", "dave"], (id) => ({ config: id === "alice" ? { canInvitingInCalling: true, endCallWhenInitiatorLeave: true } : {} }));
  p.bob.answer = "accept";
  p.carol.answer = "accept";
  await p.alice.invite(["bob", "carol"]);
  await p.bus.idle();
  await p.alice.invite(["dave"]); // dave still ringing when alice leaves
  await p.bus.idle();
  p.alice.kit.hangUp();
  assert.deepEqual(p.alice.names().slice(-2), ["onLeaveRoom", "onCallInvitationEnded"]);
  await p.bus.idle();
  for (const who of ["bob", "carol"]) {
    assert.deepEqual(p[who].calls("onCallInvitationEnded"), [["LeaveRoom", ""]], who);
    assert.equal(p[who].count("onLeaveRoom"), 1, who);
    assert.equal(p[who].kit.getRoomID(), "", who);
  }
  assert.equal(p.dave.count("onIncomingCallCanceled"), 1, "dave stops ringing");
  p.dave.ringing.accept();
  await p.bus.idle();
  assert.equal(p.dave.count("onJoinRoom"), 0);
  p.destroyAll();
});

test("without endCallWhenInitiatorLeave, the initiator leaving a group call leaves the others in it", async () => {
  const p = crowd(["alice", "bob", "carol"], { answer: "accept" });
  await p.alice.invite(["bob", "carol"]);
  await p.bus.idle();
  p.alice.kit.hangUp();
  await p.bus.idle();
  for (const who of ["bob", "carol"]) {
    assert.deepEqual(p[who].leftSeen(), ["alice"], who);
    assert.equal(p[who].count("onCallInvitationEnded"), 0, who);
  }
  assert.equal(p.bob.kit.getRoomID(), p.carol.kit.getRoomID());
  p.destroyAll();
});

test("the policy of one call never leaks into the callee's own config", async () => {
  const p = crowd(["alice", "bob", "carol", "dave", "erin"], (id) => ({
    config:
      id === "alice"
        ? { canInvitingInCalling: true, onlyInitiatorCanInvite: true, endCallWhenInitiatorLeave: true }
        : id === "bob"
          ? { canInvitingInCalling: true, onlyInitiatorCanInvite: false, endCallWhenInitiatorLeave: false }
          : {},
  }));
  // In alice's call, alice's policy rules: bob may not invite.
  await connect(p.alice, p.bob);
  await assert.rejects(p.bob.invite(["carol"]), { message: "Only initiator can invite" });
  p.alice.kit.hangUp();
  await p.bus.idle();
  assert.deepEqual(p.bob.calls("onCallInvitationEnded"), [["LeaveRoom", ""]]);
  // Bob's own call carries bob's flags: carol (not the initiator) may invite...
  await connect(p.bob, p.carol);
  p.dave.answer = "accept";
  assert.deepEqual(await p.carol.invite(["dave"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(sorted(p.dave.joinedSeen()), ["bob", "carol"]);
  // ...and bob leaving does not end it (alice's endCallWhenInitiatorLeave stayed in alice's call).
  p.bob.kit.hangUp();
  await p.bus.idle();
  assert.deepEqual(p.carol.leftSeen(), ["bob"]);
  assert.equal(p.carol.count("onCallInvitationEnded"), 0);
  assert.equal(p.carol.kit.getRoomID(), p.dave.kit.getRoomID());
  // And carol's own defaults (canInvitingInCalling false) are hers again in her own call.
  p.carol.kit.hangUp();
  await p.bus.idle();
  await connect(p.carol, p.erin);
  await assert.rejects(p.carol.invite(["dave"]), (e) => /canInvitingInCalling/.test(e.message));
  p.destroyAll();
});

test("a new call after the last one ended (1:1 ends when the other side leaves)", async () => {
  const p = crowd(["alice", "bob", "carol"]);
  await connect(p.alice, p.bob);
  const first = p.alice.kit.getRoomID();
  p.bob.kit.hangUp();
  await p.bus.idle();
  assert.deepEqual(p.alice.leftSeen(), ["bob"]);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["LeaveRoom", ""]]);
  assert.equal(p.alice.count("onLeaveRoom"), 1);
  assert.equal(p.alice.kit.getRoomID(), "");
  await sleep(2); // call IDs carry the time in ms
  await connect(p.alice, p.bob);
  const second = p.alice.kit.getRoomID();
  assert.notEqual(second, first);
  assert.equal(p.bob.kit.getRoomID(), second);
  assert.equal(p.bob.count("onJoinRoom"), 2);
  p.alice.kit.hangUp();
  await p.bus.idle();
  // The other way round, and with someone else.
  await connect(p.bob, p.alice);
  assert.match(p.bob.kit.getRoomID(), /^call_[0-9a-f]{32}$/);
  p.alice.kit.hangUp();
  await p.bus.idle();
  await connect(p.bob, p.carol);
  assert.deepEqual(p.carol.joinedSeen(), ["bob"]);
  p.destroyAll();
});

test("errorInvitees: \"inCall\" for participants, \"calling\" for pending users, whoever invited them", async () => {
  const p = crowd(["alice", "bob", "carol", "dave", "erin", "frank"], { config: { canInvitingInCalling: true } });
  await connect(p.alice, p.bob);
  await p.alice.invite(["carol"]); // carol rings, pending
  await p.bus.idle();
  const named = (id, reason) => ({ userID: id, userName: `${nameOf(id)}!`, reason });
  const callees = ["bob", "carol", "dave", "alice"].filter((x) => x !== "alice").map((id) => ({ userID: id, userName: `${nameOf(id)}!` }));
  assert.deepEqual(await p.alice.kit.sendCallInvitation({ callees }), { errorInvitees: [named("bob", "inCall"), named("carol", "calling")] });
  await p.bus.idle();
  assert.equal(p.dave.count("onIncomingCallReceived"), 1);
  assert.equal(p.carol.count("onIncomingCallReceived"), 1, "carol is not rung twice");
  // Bob (not the inviter) sees the same pending state.
  assert.deepEqual(await p.bob.invite(["alice", "carol", "dave", "erin"]), {
    errorInvitees: [
      { ...user("alice"), reason: "inCall" },
      { ...user("carol"), reason: "calling" },
      { ...user("dave"), reason: "calling" },
    ],
  });
  // All already there or pending: nothing is sent.
  await p.bus.idle();
  const sentNow = p.bus.log.length;
  assert.deepEqual((await p.alice.invite(["bob", "carol"])).errorInvitees.map((e) => e.reason), ["inCall", "calling"]);
  await p.bus.idle();
  assert.equal(p.bus.log.length, sentNow);
  // Pending ends for every inviter: carol declines alice's invitation; bob may now invite her.
  p.carol.ringing.refuse();
  await p.bus.idle();
  assert.deepEqual(p.alice.calls("onOutgoingCallDeclined").map(([, u]) => u.userID), ["carol"]);
  assert.equal(p.bob.count("onOutgoingCallDeclined"), 0);
  p.carol.answer = "accept";
  assert.deepEqual(await p.bob.invite(["carol"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(p.bob.calls("onOutgoingCallAccepted").map(([, u]) => u.userID), ["carol"]);
  assert.deepEqual(sorted(p.carol.joinedSeen()), ["alice", "bob"]);
  // Erin (invited by bob) declines: bob, not alice, hears it.
  p.erin.ringing.refuse();
  await p.bus.idle();
  assert.deepEqual(p.bob.calls("onOutgoingCallDeclined").map(([, u]) => u.userID), ["erin"]);
  assert.deepEqual(p.alice.calls("onOutgoingCallDeclined").map(([, u]) => u.userID), ["carol"]);
  p.destroyAll();
});

test("errorInvitees \"sendFailed\" when the transport's send rejects; nothing sticks", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  const seen = await withConsole(async () => {
    p.bus.fail = (e) => (e.kind === "invite" ? "reject" : null);
    assert.deepEqual(await p.alice.invite(["bob"]), { errorInvitees: [{ ...user("bob"), reason: "sendFailed" }] });
    assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Canceled", ""]]);
    assert.equal(p.alice.kit.getRoomID(), "");
    // A send that throws is a failure too.
    p.bus.fail = (e) => (e.kind === "invite" ? "throw" : null);
    assert.deepEqual(await p.alice.invite(["bob", "carol"]), {
      errorInvitees: [{ ...user("bob"), reason: "sendFailed" }, { ...user("carol"), reason: "sendFailed" }],
    });
    await p.bus.idle();
  });
  assert.ok(seen.warns.length >= 2, "each failure is reported with console.warn");
  assert.ok(seen.warns.every((w) => /failed to send/.test(text(w))), seen.warns.map(text).join("\n"));
  // The group call the second invitation started: nobody pending, alice alone.
  p.alice.kit.hangUp();
  p.bus.fail = null;
  await connect(p.alice, p.bob);
  assert.deepEqual(p.bob.joinedSeen(), ["alice"]);
  // In a call: a failed invitation is not left "calling".
  await withConsole(async () => {
    p.bus.fail = (e) => (e.kind === "invite" ? "reject" : null);
    assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [{ ...user("carol"), reason: "sendFailed" }] });
  });
  p.bus.fail = null;
  p.carol.answer = "accept";
  assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(sorted(p.carol.joinedSeen()), ["alice", "bob"]);
  p.destroyAll();
});

test("the same user in two tabs: both ring; when one answers, the other stops ringing", async () => {
  await withConsole(() => twoTabs()); // (the tab not in the call may warn about its messages)
});

async function twoTabs() {
  const bus = new Bus();
  const alice = new Person(bus, "alice");
  const bob1 = new Person(bus, "bob");
  const bob2 = new Person(bus, "bob");
  await alice.invite(["bob"]);
  await bus.idle();
  assert.equal(bob1.count("onIncomingCallReceived"), 1);
  assert.equal(bob2.count("onIncomingCallReceived"), 1);
  bob1.ringing.accept();
  await bus.idle();
  assert.equal(bob2.count("onIncomingCallCanceled"), 1);
  assert.equal(bob2.count("onJoinRoom"), 0);
  assert.deepEqual(alice.joinedSeen(), ["bob"]);
  assert.equal(alice.count("onOutgoingCallAccepted"), 1);
  alice.kit.hangUp();
  await bus.idle();
  // Declining in one tab stops the other too.
  await sleep(2);
  await alice.invite(["bob"]);
  await bus.idle();
  bob2.ringing.refuse();
  await bus.idle();
  assert.equal(bob1.count("onIncomingCallCanceled"), 1);
  assert.deepEqual(alice.calls("onCallInvitationEnded").map(([r]) => r), ["LeaveRoom", "Declined"]);
  for (const k of [alice, bob1, bob2]) k.destroy();
}

test("two tabs of one user calling two people in the same millisecond keep their calls apart", {
  todo: "known limitation: call IDs are call_<userID>_<ms> as the incumbent's, so two tabs of one user starting calls in the same millisecond share a call ID",
}, async () => {
  const bus = new Bus();
  const tab1 = new Person(bus, "alice");
  const tab2 = new Person(bus, "alice");
  const bob = new Person(bus, "bob", { answer: "accept" });
  const carol = new Person(bus, "carol");
  const now = Date.now;
  const frozen = now();
  Date.now = () => frozen;
  try {
    await tab1.invite(["bob"]);
    await tab2.invite(["carol"]);
  } finally {
    Date.now = now;
  }
  await withConsole(() => bus.idle());
  assert.deepEqual(tab1.joinedSeen(), ["bob"]);
  assert.deepEqual(tab2.joinedSeen(), [], `tab2: ${tab2.names()}`);
  assert.equal(tab2.count("onJoinRoom"), 0, "tab2 is still waiting for carol");
  carol.ringing.accept();
  await withConsole(() => bus.idle());
  assert.deepEqual(tab2.joinedSeen(), ["carol"]);
  assert.deepEqual(carol.joinedSeen(), ["alice"]);
  assert.deepEqual(bob.joinedSeen(), ["alice"]);
  for (const k of [tab1, tab2, bob, carol]) k.destroy();
});

test("an accept from someone never invited does not make a waiting caller join", {
}, async () => {
  const p = crowd(["alice", "bob"]);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  const call = p.alice.kit.getRoomID();
  const seen = await withConsole(async () => {
    p.bus.deliver("alice", JSON.stringify({ v: 2, id: "m-1", app: "1", sid: "mallory-sid", from: user("mallory"), to: ["alice"], call, body: { accept: { participants: [user("mallory")], initiator: "alice", policy: {} } } }));
    await p.bus.idle();
  });
  assert.equal(p.alice.count("onJoinRoom"), 0, p.alice.names().join(","));
  assert.deepEqual(p.alice.joinedSeen(), []);
  assert.ok(seen.warns.length >= 1);
  p.bob.ringing.accept();
  await p.bus.idle();
  assert.deepEqual(p.alice.joinedSeen(), ["bob"]);
  p.destroyAll();
});

test("a user's second tab stays quiet while the first is in a call", {
}, async () => {
  const bus = new Bus();
  const alice = new Person(bus, "alice");
  const bob1 = new Person(bus, "bob", { answer: "accept" });
  const bob2 = new Person(bus, "bob");
  const seen = await withConsole(async () => {
    await alice.invite(["bob"]);
    await bus.idle();
    alice.kit.hangUp();
    await bus.idle();
  });
  assert.deepEqual(bob1.joinedSeen(), ["alice"]);
  assert.deepEqual(seen.warns.map(text), []);
  for (const k of [alice, bob1, bob2]) k.destroy();
});

test("six kits: invitations, answers and leaves in a crowd converge, with nothing on the console", async () => {
  const all = ["alice", "bob", "carol", "dave", "erin", "frank"];
  const p = crowd(all, { config: { canInvitingInCalling: true }, answer: "accept" });
  const { error, warn } = console;
  const noise = [];
  console.error = console.warn = (...args) => noise.push(text(args));
  await p.alice.invite(["bob", "carol"]);
  await p.bus.idle();
  // Two participants invite at the same time.
  const [r1, r2] = await Promise.all([p.bob.invite(["dave", "erin"]), p.carol.invite(["erin", "frank"])]);
  await p.bus.idle();
  assert.deepEqual(r1, { errorInvitees: [] });
  assert.deepEqual(r2.errorInvitees, [], "carol's view of the call had not heard of erin yet");
  for (const who of all) {
    assert.equal(p[who].kit.getRoomID(), p.alice.kit.getRoomID(), who);
    assert.deepEqual(sorted(new Set(p[who].joinedSeen())), all.filter((x) => x !== who), `${who}: ${p[who].joinedSeen()}`);
    assert.equal(p[who].joinedSeen().length, all.length - 1, `${who} saw someone join twice: ${p[who].joinedSeen()}`);
  }
  p.erin.kit.hangUp();
  await p.bus.idle();
  for (const who of all.filter((x) => x !== "erin")) assert.deepEqual(p[who].leftSeen(), ["erin"], who);
  p.destroyAll();
  await p.bus.idle();
  console.error = error;
  console.warn = warn;
  assert.deepEqual(noise, []);
});
