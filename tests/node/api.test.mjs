// The exported API: statics, tokens, create, getRoomID, config merging, the incumbent's
// documentation samples, joinRoom, setLanguage, destroy.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { CallKit, init, PKG, Bus, Person, crowd, connect, user, withConsole, text, waitFor } from "./support.mjs";

test("InvitationTypeVoiceCall is 0 and InvitationTypeVideoCall is 1", () => {
  assert.equal(CallKit.InvitationTypeVoiceCall, 0);
  assert.equal(CallKit.InvitationTypeVideoCall, 1);
});

test("getVersion is the package version", () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));
  assert.equal(CallKit.getVersion(), version);
  assert.match(CallKit.getVersion(), /^\d+\.\d+\.\d+/);
});

test("init again after initialisation is a no-op", async () => {
  await init();
  assert.equal(CallKit.InvitationTypeVideoCall, 1);
});

test("generateKitTokenForTest accepts a null, undefined or empty roomID, and create takes the token", async () => {
  const bus = new Bus();
  for (const room of [null, undefined, ""]) {
    const token = CallKit.generateKitTokenForTest(1234, "secret", room, "alice", "Alice");
    assert.equal(typeof token, "string");
    assert.ok(token.length > 0);
    const zp = CallKit.create(token);
    zp.addPlugins({ signaling: bus.transport() });
    assert.equal(zp.getRoomID(), "", `roomID ${room}`);
    zp.destroy();
  }
  const zp = CallKit.create(CallKit.generateKitTokenForTest("1234", "secret", "room-7", "alice", "Alice"));
  zp.addPlugins({ signaling: bus.transport() });
  assert.equal(zp.getRoomID(), "room-7");
  zp.destroy();
});

test("a token carries appID, user and name: its kit talks to kits made from objects", async () => {
  const bus = new Bus();
  const bob = new Person(bus, "bob", { appID: 1234 });
  const zp = CallKit.create(CallKit.generateKitTokenForTest(1234, "secret", null, "alice", "Alice Liddell"));
  zp.addPlugins({ signaling: bus.transport() });
  await zp.sendCallInvitation({ callees: [user("bob")] });
  await bus.idle();
  const [[callID, caller, callType, callees]] = bob.calls("onIncomingCallReceived");
  assert.match(callID, /^call_[0-9a-f]{32}$/);
  assert.deepEqual(caller, { userID: "alice", userName: "Alice Liddell" });
  assert.equal(callType, 1);
  assert.deepEqual(callees, [user("bob")]);
  // Without userName, the name is the ID.
  const anon = CallKit.create(CallKit.generateKitTokenForTest(1234, "secret", null, "carol"));
  anon.addPlugins({ signaling: bus.transport() });
  zp.destroy();
  await bus.idle();
  await anon.sendCallInvitation({ callees: [user("bob")] });
  await bus.idle();
  assert.deepEqual(bob.calls("onIncomingCallReceived").at(-1)[1], { userID: "carol", userName: "carol" });
  anon.destroy();
  bob.destroy();
});

test("create from { appID, userID, userName }: a numeric and a string appID are the same app", async () => {
  const bus = new Bus();
  const alice = new Person(bus, "alice", { appID: 42 });
  const bob = new Person(bus, "bob", { appID: "42", answer: "accept" });
  await connect(alice, bob);
  assert.deepEqual(alice.joinedSeen(), ["bob"]);
  assert.deepEqual(bob.joinedSeen(), ["alice"]);
  alice.destroy();
  bob.destroy();
});

test("kits of another appID ignore the messages (dropped with a warning)", async () => {
  const bus = new Bus();
  const alice = new Person(bus, "alice", { appID: 1 });
  const bob = new Person(bus, "bob", { appID: 2, answer: "accept" });
  const seen = await withConsole(async () => {
    await alice.invite(["bob"]);
    await bus.idle();
  });
  assert.equal(bob.count("onIncomingCallReceived"), 0);
  assert.ok(seen.warns.some((w) => /another appID/.test(text(w))), seen.warns.map(text).join("\n"));
  alice.destroy();
  bob.destroy();
});

test("getRoomID: empty before a call, the shared call ID during it, empty again after", async () => {
  const p = crowd(["alice", "bob"]);
  assert.equal(p.alice.kit.getRoomID(), "");
  const pending = p.alice.invite(["bob"]);
  const calling = p.alice.kit.getRoomID();
  assert.match(calling, /^call_[0-9a-f]{32}$/);
  await pending;
  await p.bus.idle();
  assert.equal(p.bob.kit.getRoomID(), "", "a ringing callee is not in the call yet");
  p.bob.ringing.accept();
  await p.bus.idle();
  assert.equal(p.alice.kit.getRoomID(), calling);
  assert.equal(p.bob.kit.getRoomID(), calling);
  p.alice.kit.hangUp();
  await p.bus.idle();
  assert.equal(p.alice.kit.getRoomID(), "");
  assert.equal(p.bob.kit.getRoomID(), "", "a 1:1 call whose other side left ends");
  p.destroyAll();
});

// SPEC §1's code block, verbatim but for the import line (the wasm is already initialised:
// `init()` resolves at once).
async function specSample({ init, CallKit, appID, serverSecret, roomID, userID, userName, signaling, callees }) {
  await init();
  const token = CallKit.generateKitTokenForTest(appID, serverSecret, roomID, userID, userName);
  const zp = CallKit.create(token);          // or CallKit.create({ appID, userID, userName })
  zp.addPlugins({ signaling });             // optional: default is the BroadcastChannel transport
  zp.setCallInvitationConfig({ canInvitingInCalling: true, onlyInitiatorCanInvite: true,
    onSetRoomConfigBeforeJoining(callType) { return { showWaitingCallAcceptAudioVideoView: true,
      callingInvitationListConfig: { waitingSelectUsers: [{ userID: "123", userName: "U_123" }], defaultChecked: true } }; } });
  const { errorInvitees } = await zp.sendCallInvitation({ callees, callType: CallKit.InvitationTypeVideoCall, timeout: 60 });
  zp.updateCallingInvitationListConfig({ waitingSelectUsers: [{ userID: "456", userName: "U_456" }], defaultChecked: true });
  return { zp, errorInvitees };
}

test("SPEC §1's sample runs unchanged and gives a working zp", async () => {
  const bus = new Bus();
  const bob = new Person(bus, "bob", { answer: "accept" });
  const carol = new Person(bus, "carol", { answer: "accept" });
  const { zp, errorInvitees } = await specSample({
    init, CallKit, appID: 1, serverSecret: "secret", roomID: null, userID: "alice", userName: "Alice",
    signaling: bus.transport(), callees: [user("bob")],
  });
  assert.deepEqual(errorInvitees, []);
  await bus.idle();
  const [[callType, caller]] = bob.calls("onConfirmDialogWhenReceiving");
  assert.equal(callType, CallKit.InvitationTypeVideoCall);
  assert.equal(caller.userID, "alice");
  assert.deepEqual(bob.joinedSeen(), ["alice"]);
  assert.equal(zp.getRoomID(), bob.kit.getRoomID());
  // canInvitingInCalling: the initiator invites during the call...
  assert.deepEqual(await zp.sendCallInvitation({ callees: [user("carol")] }), { errorInvitees: [] });
  await bus.idle();
  assert.deepEqual(carol.joinedSeen().sort(), ["alice", "bob"]);
  assert.deepEqual(bob.joinedSeen(), ["alice", "carol"]);
  // ...and onlyInitiatorCanInvite: nobody else does.
  await assert.rejects(bob.invite(["dave"]), { message: "Only initiator can invite" });
  zp.destroy();
  bob.destroy();
  carol.destroy();
});

test("the incumbent's documentation sample (ZegoUIKitPrebuilt = CallKit, addPlugins({ ZIM })) runs on the default transport", async () => {
  const ZegoUIKitPrebuilt = CallKit;
  const ZIM = { create() { return {}; }, getInstance() { return {}; } }; // the incumbent's plugin: ignored
  const appID = 987654321;
  const serverSecret = "0123456789abcdef0123456789abcdef";
  const log = [];
  // Two callees on the default (BroadcastChannel) transport of the same app.
  const callee = (userID) => {
    const kit = ZegoUIKitPrebuilt.create(ZegoUIKitPrebuilt.generateKitTokenForTest(appID, serverSecret, null, userID, userID.toUpperCase()));
    kit.setCallInvitationConfig({
      onConfirmDialogWhenReceiving(callType, caller, refuse, accept) { accept(); },
      onSetRoomConfigBeforeJoining() { return { onUserJoin: (users) => log.push(`${userID} sees ${users.map((u) => u.userID)}`) }; },
    });
    return kit;
  };
  let zp;
  const seen = await withConsole(async () => {
    const b = callee("bob_" + process.pid);
    const c = callee("carol_" + process.pid);
    // --- the incumbent's sample, as documented ---
    const userID = "alice_" + process.pid;
    const userName = "Alice";
    const TOKEN = ZegoUIKitPrebuilt.generateKitTokenForTest(appID, serverSecret, null, userID, userName);
    zp = ZegoUIKitPrebuilt.create(TOKEN);
    zp.addPlugins({ ZIM });
    zp.setCallInvitationConfig({
      canInvitingInCalling: true,
      onlyInitiatorCanInvite: false,
      endCallWhenInitiatorLeave: false,
    });
    zp.setCallInvitationConfig({
      onSetRoomConfigBeforeJoining: (callType) => {
        return {
          turnOnMicrophoneWhenJoining: false,
          turnOnCameraWhenJoining: false,
          showPreJoinView: false, // an incumbent field: accepted and ignored
          callingInvitationListConfig: {
            waitingSelectUsers: [{ userID: "c_" + process.pid, userName: "Carol" }],
            defaultChecked: true,
          },
        };
      },
      onOutgoingCallAccepted: (callID, callee) => log.push(`accepted by ${callee.userID}`),
    });
    const targetUser = [{ userID: "bob_" + process.pid, userName: "BOB" }];
    await zp
      .sendCallInvitation({ callees: targetUser, callType: ZegoUIKitPrebuilt.InvitationTypeVideoCall, timeout: 60 })
      .then((res) => log.push(`sent ${res.errorInvitees.length}`))
      .catch((err) => log.push(`failed ${err}`));
    await waitFor(() => log.includes(`bob_${process.pid} sees ${userID}`), 5000, "bob to join");
    await zp
      .sendCallInvitation({ callees: [{ userID: "carol_" + process.pid, userName: "CAROL" }], callType: ZegoUIKitPrebuilt.InvitationTypeVideoCall })
      .then((res) => log.push(`sent ${res.errorInvitees.length}`))
      .catch((err) => log.push(`failed ${err}`));
    await waitFor(() => log.includes(`bob_${process.pid} sees carol_${process.pid}`), 5000, "carol to join");
    zp.destroy();
    b.destroy();
    c.destroy();
  });
  const pid = process.pid;
  assert.ok(log.includes("sent 0"), log.join("\n"));
  assert.ok(!log.some((l) => l.startsWith("failed")), log.join("\n"));
  assert.ok(log.includes(`accepted by bob_${pid}`), log.join("\n"));
  assert.ok(log.includes(`accepted by carol_${pid}`), log.join("\n"));
  assert.ok(log.includes(`bob_${pid} sees alice_${pid}`), log.join("\n"));
  assert.ok(log.includes(`bob_${pid} sees carol_${pid}`), log.join("\n"));
  assert.deepEqual(seen.errors, [], seen.errors.map(text).join("\n"));
});

test("several setCallInvitationConfig calls merge field by field; a later callback replaces an earlier one", async () => {
  const bus = new Bus();
  const bob = new Person(bus, "bob", { answer: "accept" });
  const carol = new Person(bus, "carol", { answer: "accept" });
  const zp = CallKit.create({ appID: 1, userID: "alice", userName: "Alice" });
  zp.addPlugins({ signaling: bus.transport() });
  const log = [];
  zp.setCallInvitationConfig({ canInvitingInCalling: true });
  zp.setCallInvitationConfig({ onlyInitiatorCanInvite: true });
  zp.setCallInvitationConfig({ onOutgoingCallAccepted: (id, u) => log.push(`first ${u.userID}`) });
  zp.setCallInvitationConfig({ onSetRoomConfigBeforeJoining: () => ({ onUserJoin: (users) => log.push(`join ${users.map((u) => u.userID)}`) }) });
  zp.setCallInvitationConfig({ language: "zh-CN" });
  zp.setCallInvitationConfig({ ringtoneConfig: { incomingCallUrl: "in.mp3", outgoingCallUrl: "out.mp3" } });
  zp.setCallInvitationConfig({});
  await zp.sendCallInvitation({ callees: [user("bob")] });
  await bus.idle();
  assert.deepEqual(log, ["first bob", "join bob"]);
  // canInvitingInCalling survived the later calls:
  zp.setCallInvitationConfig({ onOutgoingCallAccepted: (id, u) => log.push(`second ${u.userID}`) });
  assert.deepEqual(await zp.sendCallInvitation({ callees: [user("carol")] }), { errorInvitees: [] });
  await bus.idle();
  assert.deepEqual(log, ["first bob", "join bob", "second carol", "join carol"]);
  // onlyInitiatorCanInvite survived too, and travelled with the call:
  await assert.rejects(bob.invite(["dave"]), { message: "Only initiator can invite" });
  zp.destroy();
  bob.destroy();
  carol.destroy();
});

test("joinRoom joins the token's room as its initiator; hangUp leaves", async () => {
  const bus = new Bus();
  const zp = CallKit.create(CallKit.generateKitTokenForTest(1, "secret", "standup", "alice", "Alice"));
  zp.addPlugins({ signaling: bus.transport() });
  const log = [];
  zp.setCallInvitationConfig({ canInvitingInCalling: true, onCallInvitationEnded: (reason) => log.push(`ended ${reason}`) });
  zp.joinRoom({ onJoinRoom: () => log.push("joined"), onLeaveRoom: () => log.push("left"), showPreJoinView: false });
  assert.equal(zp.getRoomID(), "standup");
  assert.deepEqual(log, ["joined"]);
  assert.throws(() => zp.joinRoom({}), (e) => e instanceof Error && /already in a call/i.test(e.message));
  // In the room, the initiator can invite.
  const bob = new Person(bus, "bob", { answer: "accept" });
  assert.deepEqual(await zp.sendCallInvitation({ callees: [user("bob")] }), { errorInvitees: [] });
  await bus.idle();
  assert.equal(bob.kit.getRoomID(), "standup");
  zp.hangUp();
  assert.deepEqual(log, ["joined", "left", "ended LeaveRoom"]);
  assert.equal(zp.getRoomID(), "standup", "outside a call, getRoomID is the token's room");
  zp.hangUp(); // not in a call: nothing to do
  zp.destroy();
  bob.destroy();
});

test("joinRoom without a token room makes one; joinRoom() takes no argument", () => {
  const zp = CallKit.create({ appID: 1, userID: "alice", userName: "Alice" });
  zp.addPlugins({ signaling: new Bus().transport() });
  zp.joinRoom();
  assert.match(zp.getRoomID(), /^room_[0-9a-f]{32}$/);
  zp.hangUp();
  zp.joinRoom(null);
  assert.match(zp.getRoomID(), /^room_[0-9a-f]{32}$/);
  zp.destroy();
});

test("setLanguage takes en-US and zh-CN", () => {
  const zp = CallKit.create({ appID: 1, userID: "alice" });
  zp.addPlugins({ signaling: new Bus().transport() });
  zp.setLanguage("zh-CN");
  zp.setLanguage("en-US");
  zp.setCallInvitationConfig({ language: "zh-CN" });
  zp.destroy();
});

test("addPlugins swaps the transport: the old one is unsubscribed, the new one subscribed once", async () => {
  const busA = new Bus();
  const busB = new Bus();
  const zp = CallKit.create({ appID: 5, userID: "alice", userName: "Alice" });
  const a = busA.transport();
  const b = busB.transport();
  zp.addPlugins({ signaling: a });
  assert.deepEqual(a.subscribeCalls, [{ appID: "5", userID: "alice" }]);
  zp.addPlugins({ ZIM: {} }); // no signaling: keeps the current transport
  assert.equal(a.unsubscribeCalls, 0);
  zp.addPlugins({ signaling: b });
  assert.equal(a.unsubscribeCalls, 1);
  assert.deepEqual(b.subscribeCalls, [{ appID: "5", userID: "alice" }]);
  const bob = new Person(busB, "bob", { appID: 5 });
  await zp.sendCallInvitation({ callees: [user("bob")] });
  await busB.idle();
  assert.equal(a.sendCalls, 0);
  assert.equal(b.sendCalls, 1);
  assert.equal(bob.count("onIncomingCallReceived"), 1);
  zp.destroy();
  assert.equal(b.unsubscribeCalls, 1);
  assert.equal(a.unsubscribeCalls, 1);
  bob.destroy();
});

test("destroy unsubscribes once, leaves the call, and every later call throws", async () => {
  const p = crowd(["alice", "bob"]);
  await connect(p.alice, p.bob);
  const t = p.alice.transport;
  p.alice.kit.destroy();
  assert.equal(t.unsubscribeCalls, 1);
  assert.deepEqual(p.alice.names().slice(-2), ["onLeaveRoom", "onCallInvitationEnded"]);
  await p.bus.idle();
  assert.deepEqual(p.bob.leftSeen(), ["alice"]);
  assert.deepEqual(p.bob.calls("onCallInvitationEnded"), [["LeaveRoom", ""]]);
  const zp = p.alice.kit;
  const destroyed = (e) => e instanceof Error && /destroyed/.test(e.message);
  assert.throws(() => zp.addPlugins({ signaling: p.bus.transport() }), destroyed);
  assert.throws(() => zp.setCallInvitationConfig({}), destroyed);
  await assert.rejects(zp.sendCallInvitation({ callees: [user("bob")] }), destroyed);
  assert.throws(() => zp.updateCallingInvitationListConfig({ waitingSelectUsers: [] }), destroyed);
  assert.throws(() => zp.joinRoom({}), destroyed);
  assert.throws(() => zp.hangUp(), destroyed);
  assert.throws(() => zp.setLanguage("en-US"), destroyed);
  zp.destroy(); // twice: no-op
  assert.equal(t.unsubscribeCalls, 1);
  assert.equal(p.bus.sent("invite", "alice").length, 1);
  // Bob is free for another call.
  const carol = new Person(p.bus, "carol", { answer: "accept" });
  await connect(p.bob, carol);
  assert.deepEqual(carol.joinedSeen(), ["bob"]);
  p.bob.destroy();
  carol.destroy();
});

test("destroy while ringing declines; destroy while calling cancels", async () => {
  const p = crowd(["alice", "bob", "carol"]);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  p.bob.kit.destroy();
  await p.bus.idle();
  assert.equal(p.alice.count("onOutgoingCallDeclined"), 1);
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Declined", ""]]);
  await p.carol.invite(["alice"]);
  await p.bus.idle();
  p.carol.kit.destroy();
  await p.bus.idle();
  assert.equal(p.alice.count("onIncomingCallCanceled"), 1);
  p.alice.destroy();
});

test("media room options are checked field by field; Node has no media", () => {
  const zp = CallKit.create({ appID: 1, userID: "alice", userName: "Alice" });
  zp.addPlugins({ signaling: new Bus().transport() });
  const refused = (config, pattern) => assert.throws(() => zp.joinRoom(config), (e) => e instanceof TypeError || e instanceof RangeError ? pattern.test(e.message) : false);
  refused({ iceServers: "stun:x" }, /^roomConfig\.iceServers: /);
  refused({ iceServers: [{ urls: 5 }] }, /^roomConfig\.iceServers\[0\]\.urls: /);
  refused({ iceServers: [{}] }, /^roomConfig\.iceServers\[0\]\.urls: is missing/);
  refused({ iceServers: [{ urls: "turn:x", credential: 1 }] }, /^roomConfig\.iceServers\[0\]\.credential: /);
  refused({ iceServers: Array.from({ length: 9 }, () => ({ urls: "stun:x" })) }, /at most 8/);
  refused({ builtInMedia: "no" }, /^roomConfig\.builtInMedia: /);
  refused({ useFrontFacingCamera: 1 }, /^roomConfig\.useFrontFacingCamera: /);
  assert.equal(zp.getRoomID().startsWith("room_"), false, "nothing joined by a refused config");
  zp.joinRoom({ iceServers: [{ urls: ["stun:a", "turn:b"], username: "u", credential: "c" }], builtInMedia: true, useFrontFacingCamera: false });
  assert.equal(zp.getMediaStream("alice"), undefined, "headless: no media");
  assert.throws(() => zp.getMediaStream(7), (e) => e instanceof TypeError && /^userID: must be a string/.test(e.message));
  zp.destroy();
});
