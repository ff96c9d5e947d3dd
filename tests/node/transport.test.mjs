// The signaling transport: what the kit hands it, what it does with what it receives
// (malformed, oversized, unknown-version, rule-breaking texts are dropped with console.warn and
// change nothing), and odd but legal transports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallKit, Bus, Person, crowd, connect, user, withConsole, text, sleep } from "./support.mjs";

const MAX = 64 * 1024;

/** A captured invite from alice to bob, as a template for forged texts. */
async function template() {
  const bus = new Bus();
  const alice = new Person(bus, "alice");
  new Person(bus, "bob");
  await alice.invite(["bob"], { data: "x" });
  const msg = bus.sent("invite", "alice")[0].msg;
  return msg;
}

function variant(base, edit) {
  const msg = structuredClone(base);
  msg.id = `v-${Math.random().toString(16).slice(2)}`;
  msg.sid = "someone-else";
  msg.call = "call_alice_1";
  edit(msg);
  return JSON.stringify(msg);
}

/** `json` padded with spaces to exactly `bytes` bytes (UTF-8). */
function padTo(json, bytes) {
  const len = Buffer.byteLength(json);
  assert.ok(len <= bytes);
  return json.slice(0, -1) + " ".repeat(bytes - len) + "}";
}

test("the kit's messages: versioned JSON with the app ID, addressed to others (to oneself only 'answered')", async () => {
  const p = crowd(["alice", "bob", "carol", "dave"], { config: { canInvitingInCalling: true }, answer: "accept" });
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  await p.bob.invite(["carol", "dave"]);
  await p.bus.idle();
  p.dave.kit.hangUp();
  await p.bus.idle();
  const kinds = new Set(p.bus.log.map((e) => e.kind));
  for (const kind of ["invite", "accept", "answered", "leave"]) assert.ok(kinds.has(kind), `${kind} in ${[...kinds]}`);
  for (const e of p.bus.log) {
    assert.equal(e.appID, "1");
    assert.ok(e.msg, "valid JSON");
    assert.equal(e.msg.v, 2);
    assert.equal(e.msg.app, "1");
    assert.deepEqual(e.msg.to, e.to, "meta.to is the message's own address");
    assert.equal(new Set(e.to).size, e.to.length, "each recipient once");
    if (e.kind === "answered") assert.deepEqual(e.to, [e.msg.from.userID]);
    else assert.ok(!e.to.includes(e.msg.from.userID), `${e.kind} from ${e.msg.from.userID} to ${e.to}`);
    assert.ok(Buffer.byteLength(e.text) <= MAX);
  }
});

/** Texts the kit must drop with a console.warn, by what is wrong with them. */
function junkTexts(base) {
  const addressedToBob = (edit) => variant(base, (m) => { m.to = ["bob"]; edit(m); });
  return {
    "an empty string": "",
    "not JSON": "ring ring",
    "a truncated message": JSON.stringify(base).slice(0, 80),
    "JSON null": "null",
    "a JSON array": "[1,2,3]",
    "a JSON number": "42",
    "an empty object": "{}",
    "no version": JSON.stringify({ ...base, v: undefined }),
    "version 1 (the old protocol)": JSON.stringify({ ...base, v: 1 }),
    "version 3": JSON.stringify({ ...base, v: 3 }),
    "version 0": JSON.stringify({ ...base, v: 0 }),
    'version "1"': JSON.stringify({ ...base, v: "1" }),
    "version 2.5": JSON.stringify(base).replace('"v":2', '"v":2.5'),
    "a huge version": JSON.stringify(base).replace('"v":2', '"v":123456789012345678901234567890'),
    "over 64 KiB (a valid invite padded)": padTo(JSON.stringify(base), MAX + 1),
    "a 1 MB string": "x".repeat(1 << 20),
    "nested 40 deep": `{"v":2,"x":${"[".repeat(40)}${"]".repeat(40)}}`,
    "a duplicate key": JSON.stringify(base).replace('"v":2', '"v":2,"v":2'),
    "seventeen keys in one object": JSON.stringify(base).replace('"v":2', `"v":2,${Array.from({ length: 9 }, (_, i) => `"k${i}":0`).join(",")}`),
    "a lone surrogate": JSON.stringify(base).replace('"call":"', '"call":"\\ud800'),
    "an unknown kind": addressedToBob((m) => (m.body = { ring: {} })),
    "two kinds in one body": addressedToBob((m) => (m.body = { leave: {}, end: {} })),
    "a body that is a string": addressedToBob((m) => (m.body = "invite")),
    "another appID": addressedToBob((m) => (m.app = "2")),
    "an empty to": variant(base, (m) => (m.to = [])),
    "bob as the sender of an invite": addressedToBob((m) => (m.from = user("bob"))),
    "a 129-byte sender ID": addressedToBob((m) => (m.from = { userID: "z".repeat(129) })),
    "no sender": addressedToBob((m) => delete m.from),
    "an empty call ID": addressedToBob((m) => (m.call = "")),
    "ten callees": addressedToBob((m) => (m.body.invite.callees = [user("bob"), ...Array.from({ length: 9 }, (_, i) => user(`u${i}`))])),
    "duplicate callees": addressedToBob((m) => (m.body.invite.callees = [user("bob"), user("bob")])),
    "no callees": addressedToBob((m) => (m.body.invite.callees = [])),
    "timeout 0": addressedToBob((m) => (m.body.invite.timeout = 0)),
    "timeout 601": addressedToBob((m) => (m.body.invite.timeout = 601)),
    "timeout -1": addressedToBob((m) => (m.body.invite.timeout = -1)),
    "callType 2": addressedToBob((m) => (m.body.invite.callType = 2)),
    "callType 256": addressedToBob((m) => (m.body.invite.callType = 256)),
    "data over 4096 bytes": addressedToBob((m) => (m.body.invite.data = "d".repeat(4097))),
    "a policy that is not an object": addressedToBob((m) => (m.body.invite.policy = true)),
    "a string flag": addressedToBob((m) => (m.body.invite.inCall = "no")),
    // Messages about a call this kit is not in are routine (calls it left, calls its user's
    // other tab is in): ignored without a warning, see core_protocol.rs.
  };
}

/** Values a transport might hand over that are not texts at all. */
const nonStrings = (base) => ({
  "a number": 42,
  "an object": { v: 1 },
  null: null,
  undefined,
  "bytes": new TextEncoder().encode(JSON.stringify(base)),
  "a boolean": true,
});

/** Hands each junk value to bob alone; each must give a console.warn and no console.error. */
async function deliverJunk(p, entries) {
  for (const [what, value] of entries) {
    const seen = await withConsole(async () => {
      p.bus.deliver("bob", value);
      await p.bus.idle();
    });
    assert.ok(seen.warns.length >= 1, `${what}: no console.warn`);
    assert.ok(seen.warns.every((w) => text(w).startsWith("callkit-invite:")), `${what}: ${seen.warns.map(text)}`);
    assert.deepEqual(seen.errors, [], what);
  }
}

test("junk texts to an idle kit are dropped with console.warn and change nothing", async () => {
  const base = await template();
  const p = crowd(["alice", "bob", "carol"]);
  await deliverJunk(p, [...Object.entries(junkTexts(base)), ...Object.entries(nonStrings(base))]);
  assert.deepEqual(p.bob.events, [], "no callback ran");
  assert.equal(p.bus.log.length, 0, "nothing was answered");
  assert.equal(p.bob.kit.getRoomID(), "");
  p.bob.answer = "accept";
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  assert.deepEqual(p.alice.joinedSeen(), ["bob"]);
});

test("junk texts to a ringing kit are dropped; it still rings and can answer", async () => {
  const base = await template();
  const p = crowd(["alice", "bob"]);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  const sent = p.bus.log.length;
  await deliverJunk(p, [...Object.entries(junkTexts(base)), ...Object.entries(nonStrings(base))]);
  assert.deepEqual(p.bob.names(), ["onIncomingCallReceived", "onConfirmDialogWhenReceiving"]);
  assert.equal(p.bus.log.length, sent);
  p.bob.ringing.accept();
  await p.bus.idle();
  assert.deepEqual(p.alice.joinedSeen(), ["bob"]);
});

test("junk texts to a kit in a call are dropped; the call goes on", async () => {
  const base = await template();
  const p = crowd(["alice", "bob", "carol"], { config: { canInvitingInCalling: true } });
  await connect(p.alice, p.bob);
  const events = p.bob.events.length;
  await deliverJunk(p, [...Object.entries(junkTexts(base)), ...Object.entries(nonStrings(base))]);
  assert.equal(p.bob.events.length, events);
  p.carol.answer = "accept";
  assert.deepEqual(await p.alice.invite(["carol"]), { errorInvitees: [] });
  await p.bus.idle();
  assert.deepEqual(p.bob.joinedSeen(), ["alice", "carol"]);
});

test("texts addressed to someone else (broadcast traffic) are ignored quietly", async () => {
  const base = await template();
  const p = crowd(["alice", "bob"]);
  const seen = await withConsole(async () => {
    p.bus.deliver("bob", variant(base, (m) => (m.to = ["zed"])));
    await p.bus.idle();
  });
  assert.deepEqual(p.bob.events, []);
  assert.deepEqual(seen.errors, []);
});

test("a message of exactly 64 KiB is accepted; one byte more is dropped", async () => {
  const p = crowd(["alice", "bob", "carol"]);
  await p.alice.invite(["bob"]);
  const base = p.bus.sent("invite", "alice")[0].msg;
  p.alice.cancel();
  await p.bus.idle();
  const forCarol = (bytes, n) =>
    padTo(JSON.stringify({ ...base, id: `big-${n}`, sid: "other", call: `call_alice_big${n}`, to: ["carol"], body: { invite: { ...base.body.invite, callees: [user("carol")] } } }), bytes);
  const seen = await withConsole(async () => {
    p.bus.deliver("carol", forCarol(MAX + 1, 1));
    await p.bus.idle();
    assert.equal(p.carol.count("onIncomingCallReceived"), 0);
    p.bus.deliver("carol", forCarol(MAX, 2));
    await p.bus.idle();
  });
  assert.equal(seen.warns.length, 1);
  assert.match(text(seen.warns[0]), /too large/);
  assert.deepEqual(p.carol.calls("onIncomingCallReceived").map(([id]) => id), ["call_alice_big2"]);
  p.destroyAll();
});

test("forged answers from someone else do not end a ringing invitation or a call", async () => {
  const p = crowd(["alice", "bob", "carol", "mallory"], { config: { canInvitingInCalling: true } });
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  const real = p.bus.sent("invite", "alice")[0].msg;
  const forged = (body, to = ["bob"]) => JSON.stringify({ v: 2, id: `m-${Math.random()}`, app: "1", sid: "mallory-sid", from: user("mallory"), to, call: real.call, body });
  const seen = await withConsole(async () => {
    p.bus.deliver("bob", forged({ cancel: { callees: ["bob"], timeout: false } }));
    p.bus.deliver("bob", forged({ end: {} }));
    await p.bus.idle();
  });
  assert.ok(seen.warns.length >= 1);
  assert.equal(p.bob.count("onIncomingCallCanceled"), 0);
  p.bob.ringing.accept();
  await p.bus.idle();
  assert.deepEqual(p.bob.joinedSeen(), ["alice"]);
  // In the call: a forged end from a non-initiator (no endCallWhenInitiatorLeave) is refused.
  const more = await withConsole(async () => {
    p.bus.deliver("bob", forged({ end: {} }));
    p.bus.deliver("alice", forged({ end: {} }, ["alice"]));
    await p.bus.idle();
  });
  assert.ok(more.warns.some((w) => /forbidden/.test(text(w))), more.warns.map(text).join("\n"));
  assert.equal(p.bob.count("onCallInvitationEnded"), 0);
  assert.equal(p.alice.count("onCallInvitationEnded"), 0);
  assert.equal(p.alice.kit.getRoomID(), p.bob.kit.getRoomID());
  p.destroyAll();
});

test("a kit ignores its own messages echoed back by the transport, silently", async () => {
  const bus = new Bus();
  const echo = bus.transport();
  const send = echo.send;
  echo.send = (textMsg, meta) => {
    const r = send(textMsg, meta);
    bus.deliver("alice", textMsg); // a subject-per-app transport hands the sender its own text
    return r;
  };
  const alice = CallKit.create({ appID: 1, userID: "alice" });
  alice.addPlugins({ signaling: echo });
  const bob = new Person(bus, "bob", { answer: "accept" });
  const seen = await withConsole(async () => {
    await alice.sendCallInvitation({ callees: [user("bob")] });
    await bus.idle();
  });
  assert.deepEqual(seen, { errors: [], warns: [] });
  assert.deepEqual(bob.joinedSeen(), ["alice"]);
  alice.destroy();
  bob.destroy();
});

test("odd but legal transports: send returning nothing, subscribe returning nothing", async () => {
  const bus = new Bus();
  const inner = bus.transport();
  const alice = CallKit.create({ appID: 1, userID: "alice" });
  alice.addPlugins({
    signaling: {
      send(textMsg, meta) {
        inner.send(textMsg, meta); // returns undefined
      },
      subscribe(onText, meta) {
        inner.subscribe(onText, meta); // returns undefined: nothing to unsubscribe
      },
    },
  });
  const bob = new Person(bus, "bob", { answer: "accept" });
  assert.deepEqual(await alice.sendCallInvitation({ callees: [user("bob")] }), { errorInvitees: [] });
  await bus.idle();
  assert.deepEqual(bob.joinedSeen(), ["alice"]);
  const seen = await withConsole(() => alice.destroy());
  assert.deepEqual(seen.errors, []);
  await bus.idle();
  assert.deepEqual(bob.leftSeen(), ["alice"]);
  bob.destroy();
});

test("sendCallInvitation resolves once the transport's send settles", async () => {
  const bus = new Bus();
  const inner = bus.transport();
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  const alice = CallKit.create({ appID: 1, userID: "alice" });
  alice.addPlugins({ signaling: { send: (s, m) => gate.then(() => inner.send(s, m)), subscribe: (f, m) => inner.subscribe(f, m) } });
  new Person(bus, "bob");
  let settled = false;
  const result = alice.sendCallInvitation({ callees: [user("bob")] }).then((r) => {
    settled = true;
    return r;
  });
  await sleep(20);
  assert.equal(settled, false);
  release();
  assert.deepEqual(await result, { errorInvitees: [] });
  alice.destroy();
});

test("a transport whose unsubscribe throws: console.error, and destroy completes", async () => {
  const bus = new Bus();
  const inner = bus.transport();
  const alice = CallKit.create({ appID: 1, userID: "alice" });
  alice.addPlugins({
    signaling: {
      send: (s, m) => inner.send(s, m),
      subscribe: () => () => {
        throw new Error("cannot unsubscribe");
      },
    },
  });
  const seen = await withConsole(() => alice.destroy());
  assert.ok(seen.errors.some((e) => /cannot unsubscribe/.test(text(e))), seen.errors.map(text).join("\n"));
  assert.throws(() => alice.hangUp(), /destroyed/);
});

test("a transport whose subscribe throws: addPlugins throws and the old transport stays", async () => {
  const p = crowd(["alice", "bob"]);
  assert.throws(
    () => p.alice.kit.addPlugins({ signaling: { send() {}, subscribe() { throw new Error("no socket"); } } }),
    /no socket/,
  );
  assert.equal(p.alice.transport.unsubscribeCalls, 0);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  assert.equal(p.bob.count("onIncomingCallReceived"), 1);
  p.destroyAll();
});

test("failures to send other messages are reported and harmless", async () => {
  const p = crowd(["alice", "bob"]);
  await p.alice.invite(["bob"]);
  await p.bus.idle();
  const seen = await withConsole(async () => {
    p.bus.fail = (e) => (e.kind === "accept" ? "reject" : e.kind === "answered" ? "throw" : null);
    p.bob.ringing.accept();
    await p.bus.idle();
  });
  assert.ok(seen.warns.length >= 2, seen.warns.map(text).join("\n"));
  assert.deepEqual(seen.errors, []);
  // Bob joined (his side); alice never heard: she is still calling and times out or cancels.
  assert.equal(p.bob.count("onJoinRoom"), 1);
  p.bus.fail = null;
  await withConsole(async () => {
    p.alice.cancel();
    await p.bus.idle(); // bob's leave, after alice's cancel, is about a call she has ended
  });
  assert.deepEqual(p.alice.calls("onCallInvitationEnded"), [["Canceled", ""]]);
  assert.equal(p.bob.kit.getRoomID(), "", "the cancel that crossed bob's accept ends bob's side too");
  p.destroyAll();
});

test("a listener called after destroy or after free does nothing and does not throw", async () => {
  const bus = new Bus();
  const t = bus.transport();
  let listener;
  const subscribe = t.subscribe;
  t.subscribe = (f, m) => {
    listener = f;
    return subscribe(f, m);
  };
  const bob = CallKit.create({ appID: 1, userID: "bob" });
  const log = [];
  bob.addPlugins({ signaling: t });
  bob.setCallInvitationConfig({ onIncomingCallReceived: () => log.push("rang") });
  const alice = new Person(bus, "alice");
  await alice.invite(["bob"]);
  await bus.idle();
  assert.deepEqual(log, ["rang"]);
  const invite = bus.sent("invite", "alice")[0].text;
  alice.cancel();
  await bus.idle();
  bob.destroy();
  assert.doesNotThrow(() => listener(invite));
  assert.deepEqual(log, ["rang"]);
  // A freed kit (never destroyed) is gone for its listener.
  const carolT = bus.transport();
  let carolListener;
  const carol = CallKit.create({ appID: 1, userID: "carol" });
  carol.addPlugins({ signaling: { send: (s, m) => carolT.send(s, m), subscribe: (f, m) => ((carolListener = f), carolT.subscribe(f, m)) } });
  carol.free();
  assert.doesNotThrow(() => carolListener(invite.replace('"to":["bob"]', '"to":["carol"]')));
  alice.destroy();
});

test("a transport's send may call back into the kit: swap the transport, or destroy the kit", async () => {
  const bus = new Bus();
  const a = bus.transport();
  const b = bus.transport();
  const bob = new Person(bus, "bob", { answer: "accept" });
  const alice = CallKit.create({ appID: 1, userID: "alice" });
  let swapped = false;
  alice.addPlugins({
    signaling: {
      send(s, m) {
        if (!swapped) {
          swapped = true;
          alice.addPlugins({ signaling: b });
        }
        return a.send(s, m);
      },
      subscribe: (f, m) => a.subscribe(f, m),
    },
  });
  const seen = await withConsole(async () => {
    assert.deepEqual(await alice.sendCallInvitation({ callees: [user("bob")] }), { errorInvitees: [] });
    await bus.idle();
  });
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(bob.joinedSeen(), ["alice"]);
  alice.hangUp();
  await bus.idle();
  assert.deepEqual(bob.leftSeen(), ["alice"]);
  assert.equal(a.sendCalls, 1);
  // The answer to bob's accept, then the leave.
  assert.equal(b.sendCalls, 2, "later messages go through the new transport");
  // A send that destroys its kit.
  const carol = CallKit.create({ appID: 1, userID: "carol" });
  carol.addPlugins({ signaling: { send: (s, m) => (carol.destroy(), a.send(s, m)), subscribe: (f, m) => bus.transport().subscribe(f, m) } });
  const dave = new Person(bus, "dave");
  await withConsole(async () => {
    await carol.sendCallInvitation({ callees: [user("dave")] }).catch(() => {});
    await bus.idle();
  });
  assert.throws(() => carol.hangUp(), /destroyed/);
  // The module is intact: a new kit works.
  const erin = new Person(bus, "erin");
  const frank = new Person(bus, "frank", { answer: "accept" });
  await connect(erin, frank);
  assert.deepEqual(frank.joinedSeen(), ["erin"]);
});
