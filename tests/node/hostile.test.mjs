// Hostile values from the app and the transport (SPEC §7 "No trap, no freeze", "Bounded
// state"): getters and Proxies that throw, huge arrays and messages, promises that never settle
// or that throw when looked at. The module must never trap, a kit must never freeze, and
// memory must not grow with what the kit throws away.
import { test } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { Bus, CallKit, Person, crowd, init, sleep, text, user, waitFor, withConsole } from "./support.mjs";

const { memory } = await init();

const boom = () => {
  throw new Error("boom");
};
/** A Proxy that was revoked: even `Array.isArray` throws on it. */
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  return proxy;
};
/** A copy of `obj` whose `key` is a getter that throws. */
const throwingField = (obj, key) => Object.defineProperty({ ...obj }, key, { get: boom, enumerable: true });
/** An array (for `Array.isArray`) whose `length` cannot be read. */
const throwingLength = () => new Proxy([], { get: (t, k, r) => (k === "length" ? boom() : Reflect.get(t, k, r)) });
/** An array of one user whose item getter throws. */
const throwingItem = () => Object.defineProperty([user("bob")], 0, { get: boom });
/** A transport that records the listener it is given and never delivers. */
function quietTransport(send = () => undefined) {
  const t = { listener: null, send, subscribe: (f) => ((t.listener = f), () => {}) };
  return t;
}
/** Resolves with `promise`'s value, or with `fallback` after `ms`. */
const within = (promise, ms, fallback) => Promise.race([promise, sleep(ms).then(() => fallback)]);

/** What a hostile call gave, or null when it was the TypeError expected. */
async function wrongError(call, field) {
  let error;
  try {
    const ret = call();
    if (ret && typeof ret.then === "function") await ret;
    return "nothing was thrown";
  } catch (e) {
    error = e;
  }
  if (error instanceof TypeError && error.message.startsWith(`${field}: `)) return null;
  return `${error?.constructor?.name}: ${error?.message ?? error}`;
}

test("thousands of throwing getters and revoked Proxies into every method: TypeErrors naming the field; the module keeps working", async () => {
  const kit = CallKit.create({ appID: 1, userID: "alice" });
  kit.addPlugins({ signaling: quietTransport() });
  const signaling = { send() {}, subscribe() {} };
  // [call, the field its TypeError must name, "unreadable" when the message must say so]
  const cases = [
    [() => CallKit.create(revoked()), "init", "unreadable"],
    [() => CallKit.create(throwingField({ appID: 1, userID: "x" }, "userID")), "userID", "unreadable"],
    [() => CallKit.create({ appID: 1, userID: "x", userName: revoked() }), "userName"],
    [() => CallKit.generateKitTokenForTest(revoked(), "secret", null, "x"), "appID"],
    [() => kit.addPlugins(revoked()), "plugins", "unreadable"],
    [() => kit.addPlugins(throwingField({}, "signaling")), "plugins.signaling", "unreadable"],
    [() => kit.addPlugins({ signaling: revoked() }), "plugins.signaling", "unreadable"],
    [() => kit.addPlugins({ signaling: throwingField(signaling, "subscribe") }), "plugins.signaling.subscribe", "unreadable"],
    [() => kit.setCallInvitationConfig(revoked()), "config", "unreadable"],
    [() => kit.setCallInvitationConfig(throwingField({}, "canInvitingInCalling")), "config.canInvitingInCalling", "unreadable"],
    [() => kit.setCallInvitationConfig(throwingField({}, "onCallInvitationEnded")), "config.onCallInvitationEnded", "unreadable"],
    [() => kit.setCallInvitationConfig({ ringtoneConfig: revoked() }), "config.ringtoneConfig", "unreadable"],
    [() => kit.sendCallInvitation(revoked()), "options", "unreadable"],
    [() => kit.sendCallInvitation({ callees: revoked() }), "callees", "unreadable"],
    [() => kit.sendCallInvitation({ callees: throwingLength() }), "callees", "unreadable"],
    [() => kit.sendCallInvitation({ callees: throwingItem() }), "callees[0]", "unreadable"],
    [() => kit.sendCallInvitation({ callees: [revoked()] }), "callees[0]", "unreadable"],
    [() => kit.sendCallInvitation({ callees: [throwingField(user("bob"), "userID")] }), "callees[0].userID", "unreadable"],
    [() => kit.sendCallInvitation(throwingField({ callees: [user("bob")] }, "data")), "data", "unreadable"],
    [() => kit.updateCallingInvitationListConfig(revoked()), "callingInvitationListConfig", "unreadable"],
    [() => kit.updateCallingInvitationListConfig({ waitingSelectUsers: throwingLength() }), "callingInvitationListConfig.waitingSelectUsers", "unreadable"],
    [() => kit.updateCallingInvitationListConfig({ waitingSelectUsers: [throwingField(user("bob"), "avatar")] }), "callingInvitationListConfig.waitingSelectUsers[0].avatar", "unreadable"],
    [() => kit.joinRoom(revoked()), "roomConfig", "unreadable"],
    [() => kit.joinRoom(throwingField({}, "container")), "roomConfig.container", "unreadable"],
    [() => kit.joinRoom({ container: revoked() }), "roomConfig.container"],
    [() => kit.joinRoom({ callingInvitationListConfig: { waitingSelectUsers: revoked() } }), "roomConfig.callingInvitationListConfig.waitingSelectUsers", "unreadable"],
    [() => kit.joinRoom(throwingField({}, "onJoinRoom")), "roomConfig.onJoinRoom", "unreadable"],
    [() => kit.setLanguage(revoked()), "language"],
  ];
  const wrong = new Map();
  const seen = await withConsole(async () => {
    // 28,000 calls. Each escape used to leak wasm stack: from about the 2,184th (iteration
    // 120 here) every call trapped with "memory access out of bounds".
    for (let i = 0; i < 1000; i++) {
      for (const [call, field, unreadable] of cases) {
        let problem = await wrongError(call, field);
        if (!problem && unreadable && i === 0) {
          try {
            await call();
          } catch (e) {
            if (!e.message.startsWith(`${field}: could not be read (`)) problem = `says ${JSON.stringify(e.message)}`;
          }
        }
        if (problem && !wrong.has(`${call}`)) wrong.set(`${call}`, `call ${i}: ${problem}`);
      }
    }
  });
  assert.deepEqual([...wrong].map(([call, problem]) => `${call} -> ${problem}`), []);
  assert.deepEqual(seen, { errors: [], warns: [] });
  // Nothing changed: the kit is idle and still works, and so does every other kit.
  assert.equal(kit.getRoomID(), "");
  assert.match(CallKit.getVersion(), /^\d+\.\d+\.\d+/);
  const p = crowd(["carol", "dave"], { answer: "accept" });
  assert.deepEqual(await p.carol.invite(["dave"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(p.dave.joinedSeen(), ["carol"]);
  p.destroyAll();
  kit.destroy();
});

test("a throwing getter is an error naming the field, not an absent field (timeout defaults to nothing)", async () => {
  const p = crowd(["alice", "bob"]);
  const options = throwingField({ callees: [user("bob")] }, "timeout");
  await assert.rejects(p.alice.kit.sendCallInvitation(options), (e) => e instanceof TypeError && /^timeout: could not be read \(boom\)/.test(e.message));
  await p.bus.idle();
  assert.equal(p.bus.sent("invite").length, 0, "nothing was sent");
  p.destroyAll();
});

test("lists are read by index, length first: no app iterator runs, nothing is copied past the limit", async () => {
  const p = crowd(["alice", "bob"]);
  // An iterator that throws is never called: the items are read by index.
  const list = [user("bob")];
  list[Symbol.iterator] = boom;
  assert.deepEqual(await p.alice.kit.sendCallInvitation({ callees: list, timeout: 5 }), { errorInvitees: [] });
  p.alice.kit.hangUp();
  // Ten users: refused after reading `length` and nothing else.
  const reads = [];
  const ten = new Proxy(Array.from({ length: 10 }, (_, i) => user(`u${i}`)), {
    get(t, k, r) {
      reads.push(String(k));
      return Reflect.get(t, k, r);
    },
  });
  await assert.rejects(p.alice.kit.sendCallInvitation({ callees: ten }), (e) => e instanceof RangeError && e.message === "callees: must list at most 9 users, got 10 (Maximum number of users exceeded)");
  assert.deepEqual(reads, ["length"]);
  assert.throws(() => p.alice.kit.updateCallingInvitationListConfig({ waitingSelectUsers: ten }), RangeError);
  assert.deepEqual(reads, ["length", "length"]);
  p.destroyAll();
});

test("huge arrays are refused at once, from their length (new Array(1e8) took 5.6 s; 2e8 escaped as a raw RangeError)", async () => {
  const kit = CallKit.create({ appID: 1, userID: "alice" });
  kit.addPlugins({ signaling: quietTransport() });
  for (const n of [1e8, 2e8, 2 ** 32 - 1]) {
    const huge = new Array(n);
    const calls = [
      ["callees", () => kit.sendCallInvitation({ callees: huge })],
      ["callingInvitationListConfig.waitingSelectUsers", () => kit.updateCallingInvitationListConfig({ waitingSelectUsers: huge })],
      ["roomConfig.callingInvitationListConfig.waitingSelectUsers", () => kit.joinRoom({ callingInvitationListConfig: { waitingSelectUsers: huge } })],
    ];
    for (const [field, call] of calls) {
      const start = performance.now();
      let error;
      try {
        await call();
      } catch (e) {
        error = e;
      }
      const ms = performance.now() - start;
      assert.ok(error instanceof RangeError, `${field} of ${n}: ${error?.constructor?.name}: ${error?.message}`);
      assert.equal(error.message, `${field}: must list at most 9 users, got ${n} (Maximum number of users exceeded)`);
      assert.ok(ms < 200, `${field} of ${n}: ${ms.toFixed(0)} ms to refuse`);
    }
  }
  assert.equal(kit.getRoomID(), "", "nothing changed");
  kit.destroy();
});

test("an oversized message is dropped from its length, before it is copied into wasm memory", async () => {
  const kit = CallKit.create({ appID: 1, userID: "bob" });
  const t = quietTransport();
  kit.addPlugins({ signaling: t });
  const huge = "x".repeat(24 * 1024 * 1024);
  const before = memory.buffer.byteLength;
  const seen = await withConsole(() => t.listener(huge));
  const grown = memory.buffer.byteLength - before;
  assert.equal(seen.warns.length, 1);
  assert.match(text(seen.warns[0]), /dropped a message: message too large \(25165824 bytes, limit 65536\)/);
  assert.deepEqual(seen.errors, []);
  assert.ok(grown < 1024 * 1024, `wasm memory grew by ${grown} B for a dropped message`);
  kit.destroy();
});

test("effects that fail do not freeze the kit: a room config whose list cannot be read", async () => {
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  // First a list whose length throws (reported: the call goes on with the default room config,
  // without the recording room callbacks), then one whose iterator throws (read by index: used).
  const iterating = [user("dave")];
  iterating[Symbol.iterator] = boom;
  const lists = [throwingLength(), iterating];
  p.bob.hooks.onSetRoomConfigBeforeJoining = (callType, room) => ({ ...room, callingInvitationListConfig: { waitingSelectUsers: lists.shift() } });
  p.bob.answer = "accept";
  const seen = await withConsole(async () => {
    for (const round of [1, 2]) {
      await p.alice.invite(["bob"]);
      await p.bus.idle();
      assert.notEqual(p.bob.kit.getRoomID(), "", `round ${round}: Bob joins`);
      assert.equal(p.alice.joinedSeen().filter((id) => id === "bob").length, round);
      // The kit still sends, receives and times out.
      const invited = p.bob.invite(["carol"], { timeout: 1 });
      await p.bus.idle();
      assert.deepEqual(await invited, { errorInvitees: [] });
      await waitFor(() => p.bob.count("onOutgoingCallTimeout") === round, 3000, "Bob's invitation to time out");
      p.bob.kit.hangUp();
      p.alice.kit.hangUp();
      await p.bus.idle();
    }
  });
  assert.equal(seen.errors.length, 1, seen.errors.map(text).join("\n"));
  assert.match(text(seen.errors[0]), /onSetRoomConfigBeforeJoining returned a bad room config: roomConfig\.callingInvitationListConfig\.waitingSelectUsers: could not be read \(boom\)/);
  p.destroyAll();
});

test("effects that fail do not freeze the kit: a transport whose promise throws when Promise.resolve looks at it", async () => {
  const bus = new Bus();
  const inner = bus.transport();
  let hostile = true;
  const alice = CallKit.create({ appID: 1, userID: "alice" });
  const events = [];
  alice.setCallInvitationConfig({ onOutgoingCallTimeout: (callID, callees) => events.push(callees.map((u) => u.userID)) });
  alice.addPlugins({
    signaling: {
      send(s, m) {
        const sent = inner.send(s, m);
        if (!hostile) return sent;
        const p = Promise.resolve();
        Object.defineProperty(p, "constructor", { get: boom });
        return p;
      },
      subscribe: (f, m) => inner.subscribe(f, m),
    },
  });
  const bob = new Person(bus, "bob");
  const carol = new Person(bus, "carol");
  const seen = await withConsole(async () => {
    const result = await alice.sendCallInvitation({ callees: [user("bob")] });
    assert.deepEqual(result, { errorInvitees: [{ userID: "bob", userName: "Bob", reason: "sendFailed" }] });
    await bus.idle();
    hostile = false;
    // The kit still sends, and its timers still run (Bob still rings: Carol this time).
    assert.deepEqual(await alice.sendCallInvitation({ callees: [user("carol")], timeout: 1 }), { errorInvitees: [] });
    await waitFor(() => events.length === 1, 3000, "the invitation to time out");
    await waitFor(() => carol.count("onIncomingCallTimeout") === 1, 3000, "Carol's ringing to time out");
  });
  assert.deepEqual(events, [["carol"]]);
  assert.ok(seen.warns.length >= 1 && seen.warns.every((w) => /failed to send/.test(text(w))), seen.warns.map(text).join("\n"));
  assert.deepEqual(seen.errors, []);
  assert.ok(bob.count("onIncomingCallReceived") >= 1);
  alice.destroy();
  bob.destroy();
  carol.destroy();
});

test("sendCallInvitation settles when the transport's promise never does: at the invitation's timeout, and at destroy", async () => {
  const never = () => new Promise(() => {});
  const kit = CallKit.create({ appID: 1, userID: "alice" });
  kit.addPlugins({ signaling: quietTransport(never) });
  const start = performance.now();
  const timedOut = await within(kit.sendCallInvitation({ callees: [user("bob")], timeout: 1 }), 3000, "never settled");
  assert.deepEqual(timedOut, { errorInvitees: [{ userID: "bob", userName: "Bob", reason: "sendFailed" }] });
  assert.ok(performance.now() - start >= 900, "not before the timeout");
  kit.hangUp();
  const pending = kit.sendCallInvitation({ callees: [user("carol")] });
  kit.destroy();
  assert.deepEqual(await within(pending, 1000, "never settled"), { errorInvitees: [{ userID: "carol", userName: "Carol", reason: "sendFailed" }] });
});

test("a send that succeeds leaves nothing behind: wasm memory stops growing over 20,000 send cycles", async () => {
  const kit = CallKit.create({ appID: 1, userID: "alice" });
  kit.addPlugins({ signaling: quietTransport(() => Promise.resolve()) });
  const cycles = async (n) => {
    for (let i = 0; i < n; i++) {
      // Two sends a cycle: the invitation, and its cancel.
      const result = kit.sendCallInvitation({ callees: [user("bob")] });
      kit.hangUp();
      await result;
    }
  };
  const start = performance.now();
  await cycles(2000);
  const warm = memory.buffer.byteLength;
  await cycles(18000);
  const grown = memory.buffer.byteLength - warm;
  assert.ok(grown <= 64 * 1024, `wasm memory grew by ${grown} B from 2,000 to 20,000 cycles`);
  assert.ok(performance.now() - start < 20000, "20,000 cycles in under 20 s");
  kit.destroy();
});
