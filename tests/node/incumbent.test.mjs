// What apps written for the incumbent rely on (issue 15), through the built package: a ringing
// callee's onCallInvitationEnded, the app's accept/refuse/cancel with their data, 1:1 calls that
// canInvitingInCalling makes group calls, and errors with a stable code and the incumbent's texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallKit, Bus, crowd, connect, user, sleep, waitFor, withConsole } from "./support.mjs";

/** Asserts `fn()` throws, or rejects with, an error of class `Kind` and `code`; returns it. */
async function refused(fn, Kind, code) {
  let error;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Kind, `expected a ${Kind.name}, got ${error?.constructor?.name}: ${error?.message ?? error}`);
  assert.equal(error.code, code, error.message);
  return error;
}

// ---------------------------------------------------------------- a ringing callee hears the end

test("a ringing callee gets onCallInvitationEnded: Declined on its refuse, Canceled on the caller's cancel, Timeout", async () => {
  const p = crowd(["alice", "bob"]);
  // Its own refuse.
  await p.alice.invite(["bob"], { data: "hi" });
  await p.bus.idle();
  p.bob.ringing.refuse();
  await p.bus.idle();
  assert.deepEqual(p.bob.calls("onCallInvitationEnded"), [["Declined", "hi"]]);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Declined", "hi"]], "the caller's side as before");
  // The caller's cancel: onIncomingCallCanceled, then onCallInvitationEnded, as the incumbent.
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  p.alice.cancel();
  await p.bus.idle();
  assert.deepEqual(p.bob.names().slice(-2), ["onIncomingCallCanceled", "onCallInvitationEnded"]);
  assert.deepEqual(p.bob.calls("onCallInvitationEnded")[1], ["Canceled", ""]);
  // Nobody answers.
  await p.alice.invite(["bob"], { timeout: 1 });
  await p.bus.idle();
  await waitFor(() => p.bob.count("onCallInvitationEnded") === 3, 5000, "the 1 s invitation to time out");
  await p.bus.idle();
  assert.deepEqual(p.bob.names().slice(-2), ["onIncomingCallTimeout", "onCallInvitationEnded"]);
  assert.deepEqual(p.bob.calls("onCallInvitationEnded")[2], ["Timeout", ""]);
  // Accepting is no end of the invitation.
  await connect(p.alice, p.bob);
  assert.equal(p.bob.count("onCallInvitationEnded"), 3);
  p.destroyAll();
});

// ---------------------------------------------------------------- accept, refuse, cancel (data)

test("refuse(data) reaches the caller's onOutgoingCallDeclined and onCallInvitationEnded; accept(data) its onOutgoingCallAccepted", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  await p.alice.invite(["bob"], { data: "hi" });
  await p.bus.idle();
  const callID = p.alice.kit.getRoomID();
  p.bob.ringing.refuse("busy, later");
  await p.bus.idle();
  assert.deepEqual(p.alice.calls("onOutgoingCallDeclined"), [[callID, user("bob"), "busy, later"]]);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Declined", "busy, later"]]);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  p.bob.ringing.accept("on my way");
  await p.bus.idle();
  assert.deepEqual(p.alice.calls("onOutgoingCallAccepted"), [[p.alice.kit.getRoomID(), user("bob"), "on my way"]]);
  // In a call that goes on, the refuse's data still reaches the inviter.
  await p.alice.invite(["carol"]);
  await p.bus.idle();
  p.carol.ringing.refuse("no");
  await p.bus.idle();
  assert.deepEqual(p.alice.calls("onOutgoingCallDeclined").at(-1).slice(1), [user("carol"), "no"]);
  assert.equal(p.alice.count("onCallInvitationEnded"), 1, "the call goes on");
  p.destroyAll();
});

test("cancel(data) reaches the callee's onCallInvitationEnded", async () => {
  const p = crowd(["alice", "bob"]);
  await p.alice.invite(["bob"], { data: "hi" });
  await p.bus.idle();
  p.alice.cancel("wrong number");
  await p.bus.idle();
  assert.deepEqual(p.bob.calls("onCallInvitationEnded"), [["Canceled", "wrong number"]]);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Canceled", "hi"]]);
  p.destroyAll();
});

test("accept, refuse and cancel take a string: anything else throws naming data, and nothing changes", async () => {
  const p = crowd(["alice", "bob"]);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  for (const bad of [5, null, {}, ["x"]]) {
    const e = await refused(() => p.bob.ringing.refuse(bad), TypeError, "INVALID_ARGUMENT");
    assert.match(e.message, /^data: /);
    await refused(() => p.bob.ringing.accept(bad), TypeError, "INVALID_ARGUMENT");
    await refused(() => p.alice.cancel(bad), TypeError, "INVALID_ARGUMENT");
  }
  const long = await refused(() => p.bob.ringing.accept("x".repeat(4097)), RangeError, "INVALID_ARGUMENT");
  assert.equal(long.message, "data: must be at most 4096 bytes");
  await p.bus.idle();
  assert.equal(p.bob.count("onJoinRoom") + p.bob.count("onCallInvitationEnded") + p.alice.count("onCallInvitationEnded"), 0);
  assert.equal(p.bus.sent("decline").length + p.bus.sent("accept").length + p.bus.sent("cancel").length, 0);
  p.bob.ringing.accept("x".repeat(4096));
  await p.bus.idle();
  assert.equal(p.alice.calls("onOutgoingCallAccepted")[0][2].length, 4096);
  p.destroyAll();
});

test("only the first answer counts: a waiting page's cancel() after the call began cancels nothing", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  await p.alice.invite(["bob"]);
  const cancel = p.alice.cancel;
  await p.bus.idle();
  p.bob.ringing.accept();
  await p.bus.idle();
  await p.alice.invite(["carol"]);
  await p.bus.idle();
  const seen = await withConsole(async () => {
    cancel("too late");
    p.bob.ringing.refuse();
    await p.bus.idle();
  });
  assert.equal(p.carol.count("onIncomingCallCanceled"), 0, "carol still rings");
  assert.deepEqual(seen.errors, []);
  p.carol.ringing.accept();
  await p.bus.idle();
  assert.deepEqual(p.carol.joinedSeen().sort(), ["alice", "bob"]);
  p.destroyAll();
});

// ---------------------------------------------------------------- group calls

test("with canInvitingInCalling a 1:1 call is a group call: the caller stays when the callee leaves, and invites again", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  await connect(p.alice, p.bob);
  const callID = p.alice.kit.getRoomID();
  p.bob.kit.hangUp();
  await p.bus.idle();
  assert.equal(p.alice.kit.getRoomID(), callID, "alice is still in the call");
  assert.equal(p.alice.count("onLeaveRoom") + p.alice.count("onCallInvitationEnded"), 0);
  assert.deepEqual(p.alice.leftSeen(), ["bob"]);
  p.carol.answer = "accept";
  assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.equal(p.carol.kit.getRoomID(), callID);
  assert.deepEqual(p.alice.joinedSeen(), ["bob", "carol"]);
  p.destroyAll();
});

test("without canInvitingInCalling a 1:1 call ends when the other side leaves; the policy is the call's, not the config's", async () => {
  const p = crowd(["alice", "bob"]);
  await connect(p.alice, p.bob);
  p.alice.kit.setCallInvitationConfig({ canInvitingInCalling: true }); // too late for this call
  p.bob.kit.hangUp();
  await p.bus.idle();
  assert.equal(p.alice.kit.getRoomID(), "");
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["LeaveRoom", ""]]);
  p.destroyAll();
});

// ---------------------------------------------------------------- errors: codes and texts

test("errors have a stable code; bad input is INVALID_ARGUMENT with the incumbent's text after ours", async () => {
  const p = crowd(["alice", "bob"]);
  const send = (options) => p.alice.kit.sendCallInvitation(options);
  const ten = Array.from({ length: 10 }, (_, i) => user(`u${i}`));
  const cases = [
    [{ callees: "bob" }, TypeError, "callees: must be an array of users (sendCallInvitation params error: callees !!)"],
    [{}, TypeError, "callees: must be an array of users (sendCallInvitation params error: callees !!)"],
    [{ callees: [] }, RangeError, "callees: must list at least one user (sendCallInvitation params error: callees !!)"],
    [{ callees: ten }, RangeError, "callees: must list at most 9 users, got 10 (Maximum number of users exceeded)"],
    [{ callees: [user("bob")], callType: 2 }, RangeError, "callType: must be 0 (voice) or 1 (video) (sendCallInvitation params error: callType !!)"],
    [{ callees: [user("bob")], roomID: 7 }, TypeError, "roomID: must be a string (room ID should be string)"],
  ];
  for (const [options, Kind, message] of cases) {
    const e = await refused(() => send(options), Kind, "INVALID_ARGUMENT");
    assert.equal(e.message, message);
  }
  // Thrown at once as well as rejected.
  await refused(() => p.alice.kit.setCallInvitationConfig({ canInvitingInCalling: 1 }), TypeError, "INVALID_ARGUMENT");
  assert.equal(p.bus.sent("invite").length, 0);
  p.destroyAll();
});

test("refusals have a code each, and the incumbent's text where it refuses too", async () => {
  const p = crowd(["alice", "bob", "carol", "dave"], (id) => ({ config: id === "carol" ? { canInvitingInCalling: true, onlyInitiatorCanInvite: true } : {} }));
  await p.alice.invite(["bob"]);
  const pending = await refused(() => p.alice.invite(["dave"]), Error, "CALL_PENDING");
  assert.match(pending.message, /^You already have a call invitation! /);
  await p.bus.idle();
  const ringing = await refused(() => p.bob.invite(["dave"]), Error, "INCOMING_CALL_RINGING");
  assert.match(ringing.message, /^You already have a call invitation! /);
  p.bob.ringing.accept();
  await p.bus.idle();
  const closed = await refused(() => p.alice.invite(["dave"]), Error, "INVITING_DISABLED");
  assert.match(closed.message, /^You have joined the room! .*canInvitingInCalling/);
  await refused(() => p.alice.kit.joinRoom(), Error, "ALREADY_IN_CALL");
  await connect(p.carol, p.dave);
  const only = await refused(() => p.dave.invite(["alice"]), Error, "ONLY_INITIATOR_CAN_INVITE");
  assert.equal(only.message, "Only initiator can invite");
  p.alice.kit.destroy();
  await refused(() => p.alice.kit.hangUp(), Error, "DESTROYED");
  await refused(() => p.alice.invite(["dave"]), Error, "DESTROYED");
  p.destroyAll();
});

test("no crypto.getRandomValues: a new call is refused with NO_SECURE_RANDOM", async () => {
  const bus = new Bus();
  const zp = CallKit.create({ appID: 1, userID: "alice" });
  zp.addPlugins({ signaling: bus.transport() });
  const crypto = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true, writable: true });
  try {
    const e = await refused(() => zp.sendCallInvitation({ callees: [user("bob")] }), Error, "NO_SECURE_RANDOM");
    assert.match(e.message, /getRandomValues/);
  } finally {
    Object.defineProperty(globalThis, "crypto", crypto);
  }
  await sleep(0);
  assert.equal(zp.getRoomID(), "");
  zp.destroy();
});
