// The incumbent's API as its typed apps call it: production kit tokens and the server token they
// carry to the transport, its optional arguments, `roomID` and `notificationConfig` on
// sendCallInvitation, the `data` its cancel/accept/refuse functions take, its enums as values.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { CallKit, PKG, Bus, Person, crowd, connect, user, withConsole } from "./support.mjs";

const { ZegoInvitationType, ZegoUIKitLanguage } = await import(path.join(PKG, "callkit_invite.js"));

/** A Bus transport that also records the second argument of every send and subscribe. */
function recording(bus) {
  const t = bus.transport();
  const metas = { send: [], subscribe: [] };
  const { send, subscribe } = t;
  t.send = (text, meta) => {
    metas.send.push({ ...meta });
    return send(text, meta);
  };
  t.subscribe = (onText, meta) => {
    metas.subscribe.push({ ...meta });
    return subscribe(onText, meta);
  };
  return { transport: t, metas };
}

test("a production kit token carries the server's token to the transport's subscribe and send", async () => {
  const bus = new Bus();
  const bob = new Person(bus, "bob", { appID: 1234 });
  const serverToken = "eyJhbGciOiJlZDI1NTE5LW5rZXkifQ.user-jwt.sig";
  const kitToken = CallKit.generateKitTokenForProduction(1234, serverToken, "", "alice", "Alice");
  assert.equal(typeof kitToken, "string");
  const zp = CallKit.create(kitToken);
  const { transport, metas } = recording(bus);
  zp.addPlugins({ signaling: transport });
  assert.deepEqual(metas.subscribe, [{ appID: "1234", userID: "alice", token: serverToken }]);
  await zp.sendCallInvitation({ callees: [user("bob")] });
  await bus.idle();
  assert.ok(metas.send.length > 0);
  for (const meta of metas.send) assert.equal(meta.token, serverToken);
  assert.deepEqual(metas.send[0].to, ["bob"]);
  // The rest of the token is as a test token's: the app, the user and its name.
  const [[, caller]] = bob.calls("onIncomingCallReceived");
  assert.deepEqual(caller, { userID: "alice", userName: "Alice" });
  zp.destroy();
  bob.destroy();
});

test("a test token, or a kit made from an object, hands the transport no token", async () => {
  const bus = new Bus();
  for (const init of [CallKit.generateKitTokenForTest(1, "secret", null, "alice"), { appID: 1, userID: "alice" }]) {
    const zp = CallKit.create(init);
    const { transport, metas } = recording(bus);
    zp.addPlugins({ signaling: transport });
    await zp.sendCallInvitation({ callees: [user("bob")] });
    await bus.idle();
    assert.deepEqual(metas.subscribe, [{ appID: "1", userID: "alice" }]);
    assert.ok(metas.send.length > 0 && metas.send.every((meta) => !("token" in meta)));
    zp.destroy();
  }
});

test("the production token's room is joinRoom's, as with a test token", () => {
  const zp = CallKit.create(CallKit.generateKitTokenForProduction("1", "t0k3n", "standup", "alice"));
  zp.addPlugins({ signaling: new Bus().transport() });
  assert.equal(zp.getRoomID(), "standup");
  zp.joinRoom();
  assert.equal(zp.getRoomID(), "standup");
  zp.destroy();
});

test("the incumbent's optional arguments: expirationSeconds, createConfig, addPlugins(), setCallInvitationConfig()", async () => {
  const bus = new Bus();
  const bob = new Person(bus, "bob", { answer: "accept" });
  const token = CallKit.generateKitTokenForTest(1, "secret", "", "alice", "Alice", 3600);
  const zp = CallKit.create(token, { cloudProxyConfig: { proxyList: [{ hostName: "proxy.example.com", port: 443 }] } });
  zp.addPlugins({ signaling: bus.transport() });
  const accepted = [];
  zp.setCallInvitationConfig({ onOutgoingCallAccepted: (callID, callee) => accepted.push(callee.userID) });
  // Nothing changes nothing: the transport and the callbacks stay.
  assert.equal(zp.addPlugins(), undefined);
  assert.equal(zp.setCallInvitationConfig(), undefined);
  await zp.sendCallInvitation({ callees: [user("bob")] });
  await bus.idle();
  assert.deepEqual(accepted, ["bob"]);
  zp.destroy();
  bob.destroy();
});

test("sendCallInvitation's roomID names the call's room; during a call it is ignored", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  await connect(p.alice, p.bob, { roomID: "standup-42" });
  assert.equal(p.alice.kit.getRoomID(), "standup-42");
  assert.equal(p.bob.kit.getRoomID(), "standup-42");
  const [[callID]] = p.bob.calls("onIncomingCallReceived");
  assert.equal(callID, "standup-42");
  // Inviting into the call: the call keeps its room.
  p.carol.answer = "accept";
  assert.deepEqual(await p.alice.invite(["carol"], { roomID: "elsewhere" }), { errorInvitees: [] });
  await p.bus.idle();
  assert.equal(p.carol.kit.getRoomID(), "standup-42");
  assert.deepEqual(p.carol.joinedSeen().sort(), ["alice", "bob"]);
  p.destroyAll();
});

test("notificationConfig is accepted and not read; no push is sent", async () => {
  const p = crowd(["alice", "bob"]);
  const notificationConfig = { resourcesID: "zego_call", title: "Call", message: "Alice is calling" };
  const result = await p.alice.invite(["bob"], { notificationConfig, callType: ZegoInvitationType.VoiceCall });
  assert.deepEqual(result, { errorInvitees: [] });
  await p.bus.idle();
  const [[, , callType]] = p.bob.calls("onIncomingCallReceived");
  assert.equal(callType, ZegoInvitationType.VoiceCall);
  assert.ok(p.bus.log.every((entry) => !entry.text.includes("zego_call")), "the config does not travel");
  p.destroyAll();
});

test("cancel, accept and refuse take the incumbent's data argument", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { enableCustomCallInvitationWaitingPage: true, enableCustomCallInvitationDialog: true } });
  // refuse(data)
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  p.bob.ringing.refuse("busy with something");
  await p.bus.idle();
  assert.equal(p.alice.count("onOutgoingCallDeclined"), 1);
  // cancel(data)
  await p.alice.invite(["carol"]);
  await p.bus.idle();
  p.alice.cancel("changed my mind");
  await p.bus.idle();
  assert.equal(p.carol.count("onIncomingCallCanceled"), 1);
  // accept(data)
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  p.bob.ringing.accept("on my way");
  await p.bus.idle();
  assert.equal(p.alice.count("onOutgoingCallAccepted"), 1);
  p.destroyAll();
});

test("the enums work where the kit takes the values: callType, language", async () => {
  const p = crowd(["alice", "bob"]);
  const { errors, warns } = await withConsole(async () => {
    p.alice.kit.setLanguage(ZegoUIKitLanguage.CHS);
    p.alice.kit.setCallInvitationConfig({ language: ZegoUIKitLanguage.ENGLISH });
    await p.alice.invite(["bob"], { callType: ZegoInvitationType.VideoCall });
    await p.bus.idle();
  });
  assert.deepEqual([errors, warns], [[], []]);
  assert.equal(p.bob.calls("onIncomingCallReceived")[0][2], ZegoInvitationType.VideoCall);
  assert.equal(ZegoInvitationType[p.bob.calls("onIncomingCallReceived")[0][2]], "VideoCall");
  p.destroyAll();
});
