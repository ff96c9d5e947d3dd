// Callbacks that call back into the kit, callbacks that throw, and transports that deliver
// synchronously (so callbacks run inside another kit's send).
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallKit, Person, crowd, connect, user, withConsole, text } from "./support.mjs";

const sorted = (list) => [...list].sort();

test("sendCallInvitation from inside onOutgoingCallAccepted invites into the call just answered", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true }, answer: "accept" });
  const results = [];
  p.alice.hooks.onOutgoingCallAccepted = (callID, callee) => {
    if (callee.userID === "bob") results.push(p.alice.kit.sendCallInvitation({ callees: [user("carol")] }));
  };
  const seen = await withConsole(async () => {
    await p.alice.invite(["bob"]);
    await p.bus.idle();
  });
  assert.equal(results.length, 1);
  assert.deepEqual(await results[0], { errorInvitees: [] });
  assert.deepEqual(sorted(p.carol.joinedSeen()), ["alice", "bob"]);
  assert.deepEqual(p.bob.joinedSeen(), ["alice", "carol"]);
  assert.deepEqual(seen, { errors: [], warns: [] });
});

test("updateCallingInvitationListConfig and sendCallInvitation from inside onSetRoomConfigBeforeJoining / onJoinRoom / onUserJoin", async () => {
  const p = crowd(["alice", "bob", "carol", "dave"], { config: { canInvitingInCalling: true }, answer: "accept" });
  const thrown = [];
  const attempt = (f) => {
    try {
      f();
    } catch (e) {
      thrown.push(e);
    }
  };
  p.bob.hooks.onSetRoomConfigBeforeJoining = (callType, room) => {
    attempt(() => p.bob.kit.updateCallingInvitationListConfig({ waitingSelectUsers: [user("carol")] }));
    return { ...room, callingInvitationListConfig: { waitingSelectUsers: [user("dave")] } };
  };
  p.bob.roomHooks.onJoinRoom = () => attempt(() => p.bob.kit.updateCallingInvitationListConfig({ waitingSelectUsers: [user("carol"), user("dave")] }));
  let invited;
  p.bob.roomHooks.onUserJoin = (users) => {
    if (users.some((u) => u.userID === "alice") && !invited) invited = p.bob.invite(["dave"]);
  };
  const seen = await withConsole(async () => {
    await p.alice.invite(["bob"]);
    await p.bus.idle();
  });
  assert.deepEqual(thrown, []);
  assert.deepEqual(await invited, { errorInvitees: [] });
  assert.deepEqual(sorted(p.dave.joinedSeen()), ["alice", "bob"]);
  assert.deepEqual(seen, { errors: [], warns: [] });
});

test("hangUp from inside onJoinRoom and from inside onUserJoin", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true }, answer: "accept" });
  await connect(p.alice, p.bob);
  p.carol.roomHooks.onJoinRoom = () => p.carol.kit.hangUp();
  await p.alice.invite(["carol"]);
  await p.bus.idle();
  assert.equal(p.carol.count("onLeaveRoom"), 1);
  assert.deepEqual(p.carol.calls("onCallInvitationEnded"), [["LeaveRoom", ""]]);
  assert.equal(p.carol.kit.getRoomID(), "");
  for (const who of ["alice", "bob"]) {
    assert.ok(p[who].leftSeen().includes("carol"), `${who}: ${p[who].names()}`);
    assert.equal(p[who].kit.getRoomID(), p.alice.kit.getRoomID());
  }
  // Bob hangs up as soon as he sees someone join.
  p.bob.roomHooks.onUserJoin = () => p.bob.kit.hangUp();
  p.carol.roomHooks.onJoinRoom = undefined;
  await p.alice.invite(["carol"]);
  await p.bus.idle();
  assert.equal(p.bob.kit.getRoomID(), "");
  assert.deepEqual(p.carol.leftSeen(), ["bob"]);
  assert.deepEqual(sorted(p.alice.leftSeen()), ["bob", "carol"]);
  assert.equal(p.alice.kit.getRoomID(), p.carol.kit.getRoomID());
});

test("a new call from inside onCallInvitationEnded; accept() called twice; refuse() after accept()", async () => {
  const p = crowd(["alice", "bob", "carol"]);
  let next;
  p.alice.hooks.onCallInvitationEnded = (reason) => {
    if (reason === "Declined") next = p.alice.invite(["carol"]);
  };
  p.bob.answer = "decline";
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  assert.deepEqual(await next, { errorInvitees: [] });
  assert.equal(p.carol.count("onIncomingCallReceived"), 1);
  const seen = await withConsole(async () => {
    p.carol.ringing.accept();
    p.carol.ringing.accept();
    p.carol.ringing.refuse();
    await p.bus.idle();
  });
  assert.deepEqual(p.alice.joinedSeen(), ["carol"]);
  assert.equal(p.carol.count("onJoinRoom"), 1);
  assert.equal(p.alice.count("onOutgoingCallDeclined"), 1, "only bob declined");
  assert.deepEqual(seen.errors, []);
});

test("the waiting page's cancel from inside onWaitingPageWhenSending", async () => {
  const p = crowd(["alice", "bob"]);
  p.alice.hooks.onWaitingPageWhenSending = (callType, callees, cancel) => cancel();
  assert.deepEqual(await p.alice.invite(["bob"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Canceled", ""]]);
  assert.equal(p.alice.kit.getRoomID(), "");
  // Bob may have rung briefly; he is not ringing any more.
  assert.equal(p.bob.count("onIncomingCallReceived"), p.bob.count("onIncomingCallCanceled"));
});

test("callbacks that throw are reported with console.error and the kit keeps working", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  const boom = (name) => () => {
    throw new Error(`boom in ${name}`);
  };
  for (const k of [p.alice, p.bob]) {
    for (const name of ["onIncomingCallReceived", "onConfirmDialogWhenReceiving", "onOutgoingCallAccepted", "onWaitingPageWhenSending", "onCallInvitationEnded", "onSetRoomConfigBeforeJoining"]) {
      k.hooks[name] = boom(name);
    }
    for (const name of ["onJoinRoom", "onUserJoin", "onUserLeave", "onLeaveRoom"]) k.roomHooks[name] = boom(name);
  }
  p.bob.answer = "accept"; // the recorder accepts before the hook throws
  const seen = await withConsole(async () => {
    await p.alice.invite(["bob"]);
    await p.bus.idle();
  });
  const errors = seen.errors.map(text);
  for (const name of ["onIncomingCallReceived", "onConfirmDialogWhenReceiving", "onOutgoingCallAccepted", "onWaitingPageWhenSending", "onSetRoomConfigBeforeJoining"]) {
    assert.ok(errors.some((e) => e.includes(name) && e.includes(`boom in ${name}`)), `${name} not reported:\n${errors.join("\n")}`);
  }
  // The room config hook threw: the defaults apply and the room callbacks are those of the
  // defaults (none), so onJoinRoom was not called, yet both are in the call.
  assert.equal(p.alice.kit.getRoomID(), p.bob.kit.getRoomID());
  assert.notEqual(p.alice.kit.getRoomID(), "");
  // Still working: the initiator invites carol, who joins.
  p.carol.answer = "accept";
  const more = await withConsole(async () => {
    assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
    await p.bus.idle();
  });
  assert.deepEqual(sorted(p.carol.joinedSeen()), ["alice", "bob"]);
  assert.ok(more.errors.some((e) => text(e).includes("onOutgoingCallAccepted")));
  // Room callbacks that throw (carol's recorder is intact, so hers run; make them throw now).
  for (const name of ["onUserLeave", "onLeaveRoom"]) p.carol.roomHooks[name] = boom(name);
  const last = await withConsole(async () => {
    p.alice.kit.hangUp();
    await p.bus.idle();
    p.carol.kit.hangUp();
    await p.bus.idle();
  });
  const lastErrors = last.errors.map(text);
  assert.ok(lastErrors.some((e) => e.includes("onUserLeave")), lastErrors.join("\n"));
  assert.ok(lastErrors.some((e) => e.includes("onLeaveRoom")), lastErrors.join("\n"));
  assert.equal(p.carol.kit.getRoomID(), "");
  assert.notEqual(p.bob.kit.getRoomID(), "", "a group call does not end when others leave");
  await withConsole(() => p.destroyAll()); // bob's throwing callbacks run once more
});

test("a room config hook returning a bad room config: console.error, and the call goes on with the defaults", async () => {
  const ten = Array.from({ length: 10 }, (_, i) => user(`u${i}`));
  const p = crowd(["alice", "bob"], { answer: "accept" });
  p.bob.hooks.onSetRoomConfigBeforeJoining = () => ({ callingInvitationListConfig: { waitingSelectUsers: ten } });
  const seen = await withConsole(async () => {
    await p.alice.invite(["bob"]);
    await p.bus.idle();
  });
  assert.ok(seen.errors.some((e) => /bad room config/.test(text(e)) && /waitingSelectUsers/.test(text(e))), seen.errors.map(text).join("\n"));
  assert.equal(p.bob.kit.getRoomID(), p.alice.kit.getRoomID());
  assert.deepEqual(p.alice.joinedSeen(), ["bob"]);
});

const DESTROY_BUG =
  "bug: CallKit::destroy (src/web/call_kit.rs) calls runtime::shut_down while the effect queue is still draining, so the queued leave/decline is sent with no transport and the kit's own onLeaveRoom/onCallInvitationEnded never run";

test("destroy from inside a callback still tells the others it left", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true }, answer: "accept" });
  await connect(p.alice, p.bob);
  p.alice.hooks.onOutgoingCallAccepted = (callID, callee) => {
    if (callee.userID === "carol") p.alice.kit.destroy();
  };
  const seen = await withConsole(async () => {
    await p.alice.invite(["carol"]);
    await p.bus.idle();
  });
  // Alice's own callbacks for leaving ran, as for a destroy outside a callback...
  assert.deepEqual(p.alice.names().slice(-2), ["onLeaveRoom", "onCallInvitationEnded"], p.alice.names().join(","));
  // ...and her leave reached the others.
  assert.deepEqual(p.bob.leftSeen(), ["alice"], p.bob.names().join(","));
  assert.deepEqual(p.carol.leftSeen(), ["alice"], p.carol.names().join(","));
  assert.deepEqual(seen.warns.map(text), []);
});

test("destroy from inside onConfirmDialogWhenReceiving declines the invitation", async () => {
  const p = crowd(["alice", "bob"]);
  p.bob.hooks.onConfirmDialogWhenReceiving = () => p.bob.kit.destroy();
  const seen = await withConsole(async () => {
    await p.alice.invite(["bob"]);
    await p.bus.idle();
  });
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Declined", ""]], `${p.alice.names()} ${seen.warns.map(text)}`);
});

test("a transport that delivers synchronously (callbacks run inside another kit's send)", {
}, async () => {
  const p = crowd(["alice", "bob", "carol", "dave"], { config: { canInvitingInCalling: true }, answer: "accept" }, { mode: "sync" });
  const seen = await withConsole(async () => {
    assert.deepEqual(await p.alice.invite(["bob"]), { errorInvitees: [] });
    assert.deepEqual(p.bob.joinedSeen(), ["alice"]);
    // Bob invites from inside his own onUserJoin, i.e. inside carol's send inside alice's.
    p.bob.roomHooks.onUserJoin = (users) => {
      if (users.some((u) => u.userID === "carol")) p.bob.invite(["dave"]);
    };
    assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
    await p.bus.idle();
    p.bob.kit.hangUp();
  });
  assert.deepEqual(sorted(p.dave.joinedSeen()), ["alice", "bob", "carol"]);
  assert.deepEqual(sorted(p.alice.joinedSeen()), ["bob", "carol", "dave"]);
  assert.deepEqual(sorted(p.carol.leftSeen()), ["bob"]);
  assert.deepEqual(seen.warns.map(text), [], "no message was lost");
  assert.deepEqual(seen.errors.map(text), []);
});

test("every callback may call every method of its kit (getRoomID, set*/update*, a rejected send)", async () => {
  const names = ["onWaitingPageWhenSending", "onConfirmDialogWhenReceiving", "onCallInvitationEnded", "onIncomingCallReceived", "onIncomingCallCanceled",
    "onIncomingCallTimeout", "onOutgoingCallAccepted", "onOutgoingCallRejected", "onOutgoingCallDeclined", "onOutgoingCallTimeout"];
  const rooms = ["onJoinRoom", "onLeaveRoom", "onUserJoin", "onUserLeave"];
  const p = crowd(["alice", "bob", "carol", "dave"], { config: { canInvitingInCalling: true } });
  const problems = [];
  const poke = (person, where) => () => {
    const k = person.kit;
    try {
      k.getRoomID();
      k.setCallInvitationConfig({ language: "zh-CN" });
      k.setLanguage("en-US");
      k.updateCallingInvitationListConfig({ waitingSelectUsers: [user("dave")] });
      k.sendCallInvitation({ callees: [] }).catch(() => {}); // rejects: no callee
      CallKit.getVersion();
    } catch (e) {
      problems.push(`${person.id} in ${where}: ${e}`);
    }
  };
  for (const person of [p.alice, p.bob, p.carol, p.dave]) {
    for (const n of names) person.hooks[n] = poke(person, n);
    for (const n of rooms) person.roomHooks[n] = poke(person, n);
  }
  const seen = await withConsole(async () => {
    await p.alice.invite(["bob"]);
    await p.bus.idle();
    p.bob.ringing.accept();
    await p.bus.idle();
    await p.alice.invite(["carol", "dave"]);
    await p.bus.idle();
    p.carol.ringing.refuse();
    p.dave.ringing.accept();
    await p.bus.idle();
    p.bob.kit.hangUp();
    await p.bus.idle();
    p.alice.kit.hangUp();
    await p.bus.idle();
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(seen.errors.map(text), []);
  assert.ok(p.alice.count("onOutgoingCallDeclined") === 1 && p.alice.count("onOutgoingCallAccepted") === 2, p.alice.names().join(","));
  assert.deepEqual(p.dave.leftSeen(), ["bob", "alice"]);
  assert.notEqual(p.dave.kit.getRoomID(), "", "a group call does not end when the others leave");
});

test("with a synchronous transport, a joining kit hears onJoinRoom before any onUserJoin", {
}, async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true }, answer: "accept" }, { mode: "sync" });
  const dave = new Person(p.bus, "dave", { answer: "accept" });
  // While carol's accept is being sent, bob invites dave, and dave's accept reaches carol.
  p.bob.roomHooks.onUserJoin = (users) => {
    if (users.some((u) => u.userID === "carol")) p.bob.invite(["dave"]);
  };
  await withConsole(async () => {
    await p.alice.invite(["bob"]);
    await p.alice.invite(["carol"]);
    await p.bus.idle();
  });
  for (const person of [p.alice, p.bob, p.carol, dave]) {
    const names = person.names().filter((n) => n === "onJoinRoom" || n === "onUserJoin");
    assert.equal(names[0], "onJoinRoom", `${person.id}: ${person.names()}`);
  }
});
