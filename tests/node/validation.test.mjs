// The bad-input matrix: every method, wrong types, null, missing or empty userIDs, duplicates,
// ten users, bad timeouts, non-function callbacks, bad transports, languages, appIDs, tokens.
// Each case throws (sendCallInvitation: rejects) a TypeError or RangeError naming the field, and
// the kit's behaviour afterwards shows that nothing changed.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CallKit, Bus, crowd, connect, user, assertBadInput, withConsole } from "./support.mjs";

const ten = Array.from({ length: 10 }, (_, i) => user(`u${i}`));
const nine = ten.slice(0, 9);
const noop = () => {};

describe("CallKit.create", () => {
  const cases = [
    ["null", null, TypeError, "token"],
    ["undefined", undefined, TypeError, "token"],
    ["a number", 42, TypeError, "init"],
    ["an array", [1, "alice"], TypeError, "init"],
    ["a token that is not one", "not-a-token", TypeError, "token"],
    ["an empty token", "", TypeError, "token"],
    ["a forged token", "ck1.!!!!", TypeError, "token"],
    ["no userID", { appID: 1 }, TypeError, "userID"],
    ["an empty userID", { appID: 1, userID: "" }, TypeError, "userID"],
    ["a numeric userID", { appID: 1, userID: 7 }, TypeError, "userID"],
    ["a 129-byte userID", { appID: 1, userID: "x".repeat(129) }, RangeError, "userID"],
    ["a numeric userName", { appID: 1, userID: "alice", userName: 5 }, TypeError, "userName"],
    ["appID 0", { appID: 0, userID: "alice" }, RangeError, "appID"],
    ["appID -1", { appID: -1, userID: "alice" }, RangeError, "appID"],
    ["appID 1.5", { appID: 1.5, userID: "alice" }, RangeError, "appID"],
    ["appID NaN", { appID: NaN, userID: "alice" }, RangeError, "appID"],
    ["an empty appID", { appID: "", userID: "alice" }, TypeError, "appID"],
    ["appID null", { appID: null, userID: "alice" }, TypeError, "appID"],
    ["no appID", { userID: "alice" }, TypeError, "appID"],
    ["a numeric roomID", { appID: 1, userID: "alice", roomID: 3 }, TypeError, "roomID"],
  ];
  for (const [what, arg, Kind, field] of cases) {
    test(`${what}: ${Kind.name} naming ${field}`, async () => {
      await assertBadInput(() => CallKit.create(arg), Kind, field);
      // Nothing is poisoned: a good create works right after.
      const zp = CallKit.create({ appID: 1, userID: "alice" });
      zp.addPlugins({ signaling: new Bus().transport() });
      zp.destroy();
    });
  }
});

describe("CallKit.generateKitTokenForTest", () => {
  const cases = [
    ["appID 0", [0, "s", null, "alice"], RangeError, "appID"],
    ["appID 2^32", [2 ** 32, "s", null, "alice"], RangeError, "appID"],
    ["appID an object", [{}, "s", null, "alice"], TypeError, "appID"],
    ["an empty serverSecret", [1, "", null, "alice"], TypeError, "serverSecret"],
    ["no serverSecret", [1, undefined, null, "alice"], TypeError, "serverSecret"],
    ["a numeric roomID", [1, "s", 12, "alice"], TypeError, "roomID"],
    ["a 129-byte roomID", [1, "s", "r".repeat(129), "alice"], RangeError, "roomID"],
    ["an empty userID", [1, "s", null, ""], TypeError, "userID"],
    ["no userID", [1, "s", null, undefined], TypeError, "userID"],
    ["a numeric userName", [1, "s", null, "alice", 5], TypeError, "userName"],
  ];
  for (const [what, args, Kind, field] of cases) {
    test(`${what}: ${Kind.name} naming ${field}`, async () => {
      await assertBadInput(() => CallKit.generateKitTokenForTest(...args), Kind, field);
      const zp = CallKit.create(CallKit.generateKitTokenForTest(1, "s", null, "alice", "Alice"));
      zp.addPlugins({ signaling: new Bus().transport() });
      zp.destroy();
    });
  }
});

describe("CallKit.generateKitTokenForProduction", () => {
  const cases = [
    ["appID 0", [0, "s3cr3t-token", null, "alice"], RangeError, "appID"],
    ["an empty token", [1, "", null, "alice"], TypeError, "token"],
    ["no token", [1, undefined, null, "alice"], TypeError, "token"],
    ["a numeric token", [1, 42, null, "alice"], TypeError, "token"],
    ["a token over 4096 bytes", [1, "s3cr3t-token".repeat(342), null, "alice"], RangeError, "token"],
    ["a numeric roomID", [1, "s3cr3t-token", 12, "alice"], TypeError, "roomID"],
    ["an empty userID", [1, "s3cr3t-token", null, ""], TypeError, "userID"],
    ["a numeric userName", [1, "s3cr3t-token", null, "alice", 5], TypeError, "userName"],
  ];
  for (const [what, args, Kind, field] of cases) {
    test(`${what}: ${Kind.name} naming ${field}`, async () => {
      const error = await assertBadInput(() => CallKit.generateKitTokenForProduction(...args), Kind, field);
      // The server token is a secret: an error never quotes it.
      if (typeof args[1] === "string" && args[1].length > 0) assert.ok(!error.message.includes(args[1]), error.message);
      const zp = CallKit.create(CallKit.generateKitTokenForProduction(1, "t", null, "alice", "Alice"));
      zp.addPlugins({ signaling: new Bus().transport() });
      zp.destroy();
    });
  }
});

// A transport whose methods count their calls, to show a rejected one was never used.
function spyTransport(parts) {
  const spy = { subscribed: 0, sent: 0 };
  const t = {
    send: () => {
      spy.sent++;
    },
    subscribe: () => {
      spy.subscribed++;
      return noop;
    },
    ...parts,
  };
  return { t, spy };
}

describe("addPlugins", () => {
  const cases = [
    ["null", () => null, TypeError, "plugins"],
    ["a string", () => "ZIM", TypeError, "plugins"],
    ["a transport without send", (t) => ({ signaling: { subscribe: t.subscribe } }), TypeError, "plugins.signaling.send"],
    ["a transport without subscribe", (t) => ({ signaling: { send: t.send } }), TypeError, "plugins.signaling.subscribe"],
    ["send not a function", (t) => ({ signaling: { send: "post", subscribe: t.subscribe } }), TypeError, "plugins.signaling.send"],
    ["a signaling string", () => ({ signaling: "nats" }), TypeError, "plugins.signaling"],
    ["signaling null", () => ({ signaling: null }), TypeError, "plugins.signaling"],
    // A good transport with a bad media engine: neither is taken.
    ["a media engine without update", (t) => ({ signaling: t, media: { leave() {} } }), TypeError, "plugins.media.update"],
    ["a media engine without leave", (t) => ({ signaling: t, media: { update() {} } }), TypeError, "plugins.media.leave"],
    ["a media string", (t) => ({ signaling: t, media: "janus" }), TypeError, "plugins.media"],
    ["media an array", (t) => ({ signaling: t, media: [] }), TypeError, "plugins.media"],
    ["a media getter that throws", (t) => ({ signaling: t, media: { get update() { throw new Error("no"); }, leave() {} } }), TypeError, "plugins.media.update"],
  ];
  for (const [what, make, Kind, field] of cases) {
    test(`${what}: ${Kind.name} naming ${field}; the old transport stays`, async () => {
      const p = crowd(["alice", "bob"]);
      const { t, spy } = spyTransport({});
      await assertBadInput(() => p.alice.kit.addPlugins(make(t)), Kind, field);
      assert.equal(spy.subscribed, 0);
      assert.equal(p.alice.transport.unsubscribeCalls, 0);
      await p.alice.invite(["bob"]);
      await p.bus.idle();
      assert.equal(spy.sent, 0);
      assert.equal(p.bob.count("onIncomingCallReceived"), 1, "the invitation went over the old transport");
      p.destroyAll();
    });
  }
});

describe("setCallInvitationConfig", () => {
  // Each bad config also carries good fields (when the case leaves room for them): none apply.
  const cases = [
    ["null", null, TypeError, "config"],
    ["a string", "canInvitingInCalling", TypeError, "config"],
    ["an array", [{ canInvitingInCalling: true }], TypeError, "config"],
    ["canInvitingInCalling a string", { canInvitingInCalling: "true" }, TypeError, "config.canInvitingInCalling"],
    ["onlyInitiatorCanInvite a number", { onlyInitiatorCanInvite: 1 }, TypeError, "config.onlyInitiatorCanInvite"],
    ["endCallWhenInitiatorLeave null", { endCallWhenInitiatorLeave: null }, TypeError, "config.endCallWhenInitiatorLeave"],
    ["enableCustomCallInvitationDialog a string", { enableCustomCallInvitationDialog: "no" }, TypeError, "config.enableCustomCallInvitationDialog"],
    ["enableCustomCallInvitationWaitingPage an object", { enableCustomCallInvitationWaitingPage: {} }, TypeError, "config.enableCustomCallInvitationWaitingPage"],
    ["an unknown language", { language: "fr-FR" }, RangeError, "config.language"],
    ["a numeric language", { language: 3 }, TypeError, "config.language"],
    ["a callback that is a string", { onIncomingCallReceived: "handler" }, TypeError, "config.onIncomingCallReceived"],
    ["onSetRoomConfigBeforeJoining an object", { onSetRoomConfigBeforeJoining: { callingInvitationListConfig: {} } }, TypeError, "config.onSetRoomConfigBeforeJoining"],
    ["onOutgoingCallTimeout true", { onOutgoingCallTimeout: true }, TypeError, "config.onOutgoingCallTimeout"],
    ["ringtoneConfig a string", { ringtoneConfig: "ring.mp3" }, TypeError, "config.ringtoneConfig"],
    ["a numeric ringtone URL", { ringtoneConfig: { incomingCallUrl: 5 } }, TypeError, "config.ringtoneConfig.incomingCallUrl"],
  ];
  for (const [what, bad, Kind, field] of cases) {
    test(`${what}: ${Kind.name} naming ${field}, and none of its good fields apply`, async () => {
      const p = crowd(["alice", "bob", "carol"]);
      const spied = [];
      const spy = (name) => (...args) => spied.push([name, ...args]);
      const config =
        bad && typeof bad === "object" && !Array.isArray(bad)
          ? {
              canInvitingInCalling: true,
              endCallWhenInitiatorLeave: true,
              onOutgoingCallAccepted: spy("onOutgoingCallAccepted"),
              onCallInvitationEnded: spy("onCallInvitationEnded"),
              onSetRoomConfigBeforeJoining: spy("onSetRoomConfigBeforeJoining"),
              language: "zh-CN",
              ...bad,
            }
          : bad;
      await assertBadInput(() => p.alice.kit.setCallInvitationConfig(config), Kind, field);
      await connect(p.alice, p.bob);
      // The recorder callbacks are still the ones installed:
      assert.deepEqual(spied, []);
      assert.equal(p.alice.count("onOutgoingCallAccepted"), 1);
      assert.equal(p.alice.count("onSetRoomConfigBeforeJoining"), 1);
      // canInvitingInCalling is still false:
      await assert.rejects(p.alice.invite(["carol"]), (e) => e instanceof Error && /canInvitingInCalling/.test(e.message));
      await p.bus.idle();
      assert.equal(p.carol.count("onIncomingCallReceived"), 0);
      // endCallWhenInitiatorLeave is still false: bob stays... until he is alone in a 1:1.
      p.alice.kit.hangUp();
      await p.bus.idle();
      assert.deepEqual(p.bob.leftSeen(), ["alice"]);
      assert.deepEqual(spied, []);
      p.destroyAll();
    });
  }
});

describe("sendCallInvitation (rejects, never throws)", () => {
  const cases = [
    ["no options", undefined, TypeError, "options"],
    ["null options", null, TypeError, "options"],
    ["no callees", {}, TypeError, "callees"],
    ["callees a string", { callees: "bob" }, TypeError, "callees"],
    ["callees a user, not an array", { callees: user("bob") }, TypeError, "callees"],
    ["no callee", { callees: [] }, RangeError, "callees"],
    ["a null callee", { callees: [null] }, TypeError, "callees[0]"],
    ["a callee without userID", { callees: [{ userName: "Bob" }] }, TypeError, "callees[0].userID"],
    ["an empty userID", { callees: [user("bob"), { userID: "" }] }, TypeError, "callees[1].userID"],
    ["a numeric userID", { callees: [{ userID: 42 }] }, TypeError, "callees[0].userID"],
    ["a numeric userName", { callees: [{ userID: "bob", userName: 5 }] }, TypeError, "callees[0].userName"],
    ["a duplicate userID", { callees: [user("bob"), user("carol"), user("bob")] }, TypeError, "callees[2].userID"],
    ["ten callees", { callees: ten }, RangeError, "callees"],
    ["inviting oneself", { callees: [user("bob"), user("alice")] }, TypeError, "callees[1].userID"],
    ["timeout 0", { callees: [user("bob")], timeout: 0 }, RangeError, "timeout"],
    ["timeout 601", { callees: [user("bob")], timeout: 601 }, RangeError, "timeout"],
    ["timeout NaN", { callees: [user("bob")], timeout: NaN }, RangeError, "timeout"],
    ["timeout 1.5", { callees: [user("bob")], timeout: 1.5 }, RangeError, "timeout"],
    ["timeout -60", { callees: [user("bob")], timeout: -60 }, RangeError, "timeout"],
    ["timeout Infinity", { callees: [user("bob")], timeout: Infinity }, RangeError, "timeout"],
    ['timeout "60"', { callees: [user("bob")], timeout: "60" }, TypeError, "timeout"],
    ["callType 2", { callees: [user("bob")], callType: 2 }, RangeError, "callType"],
    ["callType 257", { callees: [user("bob")], callType: 257 }, RangeError, "callType"],
    ['callType "video"', { callees: [user("bob")], callType: "video" }, TypeError, "callType"],
    ["data a number", { callees: [user("bob")], data: 5 }, TypeError, "data"],
    ["data over 4096 bytes", { callees: [user("bob")], data: "x".repeat(4097) }, RangeError, "data"],
    ["roomID a number", { callees: [user("bob")], roomID: 7 }, TypeError, "roomID"],
    ["roomID null", { callees: [user("bob")], roomID: null }, TypeError, "roomID"],
    ["an empty roomID", { callees: [user("bob")], roomID: "" }, RangeError, "roomID"],
    ["roomID over 160 bytes", { callees: [user("bob")], roomID: "r".repeat(161) }, RangeError, "roomID"],
  ];
  for (const [what, options, Kind, field] of cases) {
    test(`${what}: rejects with a ${Kind.name} naming ${field}; no call starts`, async () => {
      const p = crowd(["alice", "bob", "carol"]);
      let ret;
      assert.doesNotThrow(() => {
        ret = p.alice.kit.sendCallInvitation(options);
      });
      assert.ok(ret instanceof Promise);
      await assertBadInput(() => ret, Kind, field);
      await p.bus.idle();
      assert.equal(p.bus.log.length, 0, "nothing was sent");
      assert.deepEqual(p.alice.events, []);
      assert.equal(p.alice.kit.getRoomID(), "");
      // A good invitation works as if the bad one never happened.
      assert.deepEqual(await p.alice.invite(["bob", "carol"]), { errorInvitees: [] });
      await p.bus.idle();
      assert.equal(p.bob.count("onIncomingCallReceived"), 1);
      assert.equal(p.carol.count("onIncomingCallReceived"), 1);
      p.destroyAll();
    });
  }

  const inCall = [
    ["a duplicate", { callees: [user("carol"), user("carol")] }, TypeError, "callees[1].userID"],
    ["ten users", { callees: ten }, RangeError, "callees"],
    ["nine users including oneself", { callees: [...nine.slice(0, 8), user("alice")] }, TypeError, "callees[8].userID"],
    ["timeout 0", { callees: [user("carol")], timeout: 0 }, RangeError, "timeout"],
  ];
  for (const [what, options, Kind, field] of inCall) {
    test(`during a call, ${what}: rejects with a ${Kind.name} naming ${field}; the call is unchanged`, async () => {
      const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
      await connect(p.alice, p.bob);
      const sent = p.bus.log.length;
      const events = p.alice.events.length;
      await assertBadInput(() => p.alice.kit.sendCallInvitation(options), Kind, field);
      await p.bus.idle();
      assert.equal(p.bus.log.length, sent);
      assert.equal(p.alice.events.length, events);
      p.carol.answer = "accept";
      assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
      await p.bus.idle();
      assert.deepEqual(p.carol.joinedSeen().sort(), ["alice", "bob"]);
      p.destroyAll();
    });
  }
});

describe("updateCallingInvitationListConfig", () => {
  const cases = [
    ["null", null, TypeError, "callingInvitationListConfig"],
    ["an array", [user("bob")], TypeError, "callingInvitationListConfig"],
    ["no waitingSelectUsers", { defaultChecked: true }, TypeError, "callingInvitationListConfig.waitingSelectUsers"],
    ["waitingSelectUsers an object", { waitingSelectUsers: { 0: user("bob") } }, TypeError, "callingInvitationListConfig.waitingSelectUsers"],
    ["ten users", { waitingSelectUsers: ten }, RangeError, "callingInvitationListConfig.waitingSelectUsers"],
    ["a duplicate", { waitingSelectUsers: [user("bob"), user("bob")] }, TypeError, "callingInvitationListConfig.waitingSelectUsers[1].userID"],
    ["an empty userID", { waitingSelectUsers: [{ userID: "" }] }, TypeError, "callingInvitationListConfig.waitingSelectUsers[0].userID"],
    ["a missing userID", { waitingSelectUsers: [user("bob"), { userName: "X" }] }, TypeError, "callingInvitationListConfig.waitingSelectUsers[1].userID"],
    ["defaultChecked a string", { waitingSelectUsers: [], defaultChecked: "yes" }, TypeError, "callingInvitationListConfig.defaultChecked"],
  ];
  for (const [what, arg, Kind, field] of cases) {
    test(`${what}: ${Kind.name} naming ${field}`, async () => {
      const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
      await assertBadInput(() => p.alice.kit.updateCallingInvitationListConfig(arg), Kind, field);
      p.alice.kit.updateCallingInvitationListConfig({ waitingSelectUsers: nine });
      await connect(p.alice, p.bob);
      await assertBadInput(() => p.alice.kit.updateCallingInvitationListConfig(arg), Kind, field);
      p.alice.kit.updateCallingInvitationListConfig({ waitingSelectUsers: [user("carol")], defaultChecked: false });
      p.carol.answer = "accept";
      assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
      await p.bus.idle();
      assert.deepEqual(p.bob.joinedSeen(), ["alice", "carol"]);
      p.destroyAll();
    });
  }
});

describe("joinRoom", () => {
  const cases = [
    ["a string", "room-1", TypeError, "roomConfig"],
    ["a bad list", { callingInvitationListConfig: { waitingSelectUsers: [user("bob"), user("bob")] } }, TypeError, "roomConfig.callingInvitationListConfig.waitingSelectUsers[1].userID"],
    ["ten invitees", { callingInvitationListConfig: { waitingSelectUsers: ten } }, RangeError, "roomConfig.callingInvitationListConfig.waitingSelectUsers"],
    ["onJoinRoom a number", { onJoinRoom: 1 }, TypeError, "roomConfig.onJoinRoom"],
    ["onUserJoin a string", { onUserJoin: "f" }, TypeError, "roomConfig.onUserJoin"],
    ["a string flag", { showWaitingCallAcceptAudioVideoView: "yes" }, TypeError, "roomConfig.showWaitingCallAcceptAudioVideoView"],
    ["turnOnCameraWhenJoining a number", { turnOnCameraWhenJoining: 0 }, TypeError, "roomConfig.turnOnCameraWhenJoining"],
    ["a container that is no element", { container: { id: "root" } }, TypeError, "roomConfig.container"],
  ];
  for (const [what, arg, Kind, field] of cases) {
    test(`${what}: ${Kind.name} naming ${field}; not joined, callbacks not installed`, async () => {
      const bus = new Bus();
      const zp = CallKit.create({ appID: 1, userID: "alice" });
      zp.addPlugins({ signaling: bus.transport() });
      const log = [];
      const bad = typeof arg === "object" ? { onJoinRoom: () => log.push("bad join"), onLeaveRoom: () => log.push("bad leave"), ...arg } : arg;
      await assertBadInput(() => zp.joinRoom(bad), Kind, field);
      assert.equal(zp.getRoomID(), "");
      zp.joinRoom({ onJoinRoom: () => log.push("join") });
      zp.hangUp();
      assert.deepEqual(log, ["join"]);
      zp.destroy();
    });
  }
});

describe("setLanguage", () => {
  const cases = [
    ["fr-FR", "fr-FR", RangeError, "language"],
    ["lower case", "en-us", RangeError, "language"],
    ["empty", "", RangeError, "language"],
    ["null", null, TypeError, "language"],
    ["a number", 1, TypeError, "language"],
  ];
  for (const [what, arg, Kind, field] of cases) {
    test(`${what}: ${Kind.name} naming ${field}`, async () => {
      const p = crowd(["alice", "bob"]);
      await assertBadInput(() => p.alice.kit.setLanguage(arg), Kind, field);
      p.alice.kit.setLanguage("zh-CN");
      await connect(p.alice, p.bob);
      assert.deepEqual(p.bob.joinedSeen(), ["alice"]);
      p.destroyAll();
    });
  }
});

test("the matrix leaves no warning or error on the console", async () => {
  const seen = await withConsole(async () => {
    const p = crowd(["alice", "bob"]);
    for (const bad of [null, { callees: [] }, { callees: ten }, { callees: [user("bob")], timeout: 0 }]) {
      await p.alice.kit.sendCallInvitation(bad).catch(noop);
    }
    for (const bad of [null, { language: "xx" }, { onCallInvitationEnded: 1 }]) assert.throws(() => p.alice.kit.setCallInvitationConfig(bad));
    p.destroyAll();
  });
  assert.deepEqual(seen, { errors: [], warns: [] });
});

// A small seeded fuzzer: odd values into every method. Each call returns, or throws/rejects a
// TypeError, RangeError or Error — never a WebAssembly.RuntimeError (a panic) — and afterwards
// the module still works.
test("fuzz: odd values into every method never panic the module", async () => {
  let seed = 20261127;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const throwing = new Proxy({}, { get() { throw new Error("trap"); }, has() { throw new Error("trap"); }, ownKeys() { throw new Error("trap"); } });
  const scalars = [undefined, null, true, false, 0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 2 ** 53, 10n, "", "a", "\ud800", "x".repeat(300), Symbol("s"), () => {}, [], {}, throwing, new Date(0), /re/];
  const value = (depth = 0) => {
    const r = rand();
    if (depth > 2 || r < 0.45) return pick(scalars);
    if (r < 0.6) return Array.from({ length: Math.floor(rand() * 12) }, () => value(depth + 1));
    const keys = ["userID", "userName", "avatar", "callees", "callType", "timeout", "data", "waitingSelectUsers", "defaultChecked",
      "canInvitingInCalling", "onlyInitiatorCanInvite", "language", "signaling", "send", "subscribe", "container", "onJoinRoom",
      "callingInvitationListConfig", "ringtoneConfig", "onSetRoomConfigBeforeJoining", "appID", "roomID"];
    const obj = {};
    for (let i = Math.floor(rand() * 6); i > 0; i--) obj[pick(keys)] = value(depth + 1);
    return obj;
  };
  const p = crowd(["alice", "bob"]);
  const kit = p.alice.kit;
  const calls = [
    (v) => CallKit.create(v),
    (v, w) => CallKit.generateKitTokenForTest(v, w, value(), value(), value()),
    (v) => kit.addPlugins(v),
    (v) => kit.setCallInvitationConfig(v),
    (v) => kit.sendCallInvitation(v),
    (v) => kit.updateCallingInvitationListConfig(v),
    (v) => kit.joinRoom(v),
    (v) => kit.setLanguage(v),
    () => kit.hangUp(),
  ];
  const bad = [];
  const seen = await withConsole(async () => {
    for (let i = 0; i < 600; i++) {
      const f = pick(calls);
      const args = [value(), value()];
      try {
        const ret = f(...args);
        if (ret instanceof Promise) await ret.catch((e) => { throw e; });
        else if (ret instanceof CallKit) ret.destroy();
      } catch (e) {
        if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError || ![TypeError, RangeError, Error].includes(e.constructor)) {
          bad.push(`${f}: ${e?.constructor?.name}: ${e?.message ?? e}`);
        }
      }
    }
  });
  void seen;
  assert.deepEqual(bad, []);
  kit.hangUp();
  // Still working: a fresh pair of kits on a fresh bus can talk.
  const q = crowd(["carol", "dave"]);
  await connect(q.carol, q.dave);
  assert.deepEqual(q.dave.joinedSeen(), ["carol"]);
  p.destroyAll();
  q.destroyAll();
});
