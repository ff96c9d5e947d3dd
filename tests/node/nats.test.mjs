// The NATS adapter as shipped (pkg/nats.js, `callkit-invite/nats`), without a server: subjects
// and escaping (byte-identical to the Rust transport it replaced), option checks, the bounds of
// `send`, and what happens while there is no connection. A fake WebSocket stands for an
// unreachable server; tests/e2e/nats.test.mjs runs it against a real nats-server.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createUser, createAccount } from "@nats-io/nkeys";
import { PKG, ROOT, sleep, withConsole } from "./support.mjs";

const { natsSignaling, natsSubject, MAX_RECIPIENTS, MAX_TEXT_BYTES } = await import(path.join(PKG, "nats.js"));
const RUST = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/node/fixtures/nats-rust-vectors.json"), "utf8"));

const decoder = new TextDecoder();
const userSeed = () => decoder.decode(createUser().getSeed());
/** The text of a .creds file, as `nsc` writes it. */
const credsFile = (jwt, seed) => `-----BEGIN NATS USER JWT-----
${jwt}
------END NATS USER JWT------

************************* IMPORTANT *************************
NKEY Seed printed below can be used to sign and prove identity.
NKEYs are sensitive and should be treated as secrets.

-----BEGIN USER NKEY SEED-----
${seed}
------END USER NKEY SEED------
`;

/** What `fn` throws (or undefined). */
function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

const boom = () => {
  throw new Error("boom");
};
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

test("subjects are byte-identical to the Rust transport's: <prefix>.<appID>.u.<userID>, IDs escaped", () => {
  assert.ok(RUST.subjects.length >= 60);
  for (const { prefix, appID, userID, subject } of RUST.subjects) {
    assert.equal(natsSubject(appID, userID, prefix), subject, `${prefix} ${JSON.stringify(appID)} ${JSON.stringify(userID)}`);
  }
  assert.equal(natsSubject("1234567", "alice"), "callkit.1234567.u.alice", "default prefix");
  // No two IDs share a subject: escaping is injective on these look-alikes.
  const lookAlike = ["a.b", "a_2Eb", "a_b", "a b", "a%2Eb", "", "_", "__", "-", "é", "e\u0301"];
  assert.equal(new Set(lookAlike.map((id) => natsSubject("1", id))).size, lookAlike.length);
});

test("subject prefixes are accepted and refused as the Rust transport did", () => {
  for (const [prefix, valid] of [...RUST.prefixes, ["x".repeat(128), true], ["x".repeat(129), false], [`${"a.".repeat(64)}b`, false]]) {
    const err = thrown(() => natsSubject("1", "u", prefix));
    assert.equal(err === undefined, valid, `natsSubject prefix ${JSON.stringify(prefix)}`);
    const optionErr = thrown(() => natsSignaling({ servers: "ws://a", subjectPrefix: prefix }));
    assert.equal(optionErr === undefined, valid, `subjectPrefix ${JSON.stringify(prefix)}`);
    if (!valid) {
      assert.ok(optionErr instanceof TypeError);
      assert.match(optionErr.message, /^natsSignaling\.subjectPrefix: must be tokens of A-Z, a-z, 0-9, _ and - separated by dots$/);
    }
  }
  assert.throws(() => natsSubject(1, "u"), { name: "TypeError", message: "natsSubject: appID: must be a string" });
  assert.throws(() => natsSubject("1", null), { name: "TypeError", message: "natsSubject: userID: must be a string" });
});

test("servers: ws:// and wss:// URLs are accepted and others refused as the Rust transport did", () => {
  for (const [url, valid] of RUST.urls) {
    const err = thrown(() => natsSignaling({ servers: url }));
    assert.equal(err === undefined, valid, `servers ${JSON.stringify(url)}: ${err?.message}`);
    if (!valid) {
      assert.ok(err instanceof TypeError);
      assert.equal(err.message, `natsSignaling.servers: must be ws:// or wss:// URLs (one, or an array of 1 to 32), got ${JSON.stringify(url)}`);
    }
  }
  assert.equal(thrown(() => natsSignaling({ servers: Array.from({ length: 32 }, (_, i) => `wss://n${i}.example.com/ws`) })), undefined);
});

test("bad options throw a TypeError naming the field, and never quote a secret", () => {
  const seed = userSeed();
  const accountSeed = decoder.decode(createAccount().getSeed());
  const cases = [
    [undefined, "natsSignaling: options: must be an object with servers"],
    [null, "natsSignaling: options: must be an object with servers"],
    [["ws://a"], "natsSignaling: options: must be an object with servers"],
    [{}, "natsSignaling.servers: must be ws:// or wss:// URLs (one, or an array of 1 to 32)"],
    [{ servers: [] }, "natsSignaling.servers: must be ws:// or wss:// URLs (one, or an array of 1 to 32), got 0 URLs"],
    [{ servers: Array(33).fill("ws://a") }, "natsSignaling.servers: must be ws:// or wss:// URLs (one, or an array of 1 to 32), got 33 URLs"],
    [{ servers: new Array(1e8) }, "natsSignaling.servers: must be ws:// or wss:// URLs (one, or an array of 1 to 32), got 100000000 URLs"],
    [{ servers: ["ws://a", 42] }, "natsSignaling.servers: must be ws:// or wss:// URLs (one, or an array of 1 to 32), got number"],
    [{ servers: "nats://127.0.0.1:4222" }, 'natsSignaling.servers: must be ws:// or wss:// URLs (one, or an array of 1 to 32), got "nats://127.0.0.1:4222"'],
    [revoked(), "natsSignaling.servers: could not be read ("],
    [Object.defineProperty({}, "servers", { get: boom }), "natsSignaling.servers: could not be read (boom)"],
    [{ servers: new Proxy([], { get: (t, k, r) => (k === "length" ? boom() : Reflect.get(t, k, r)) }) }, "natsSignaling.servers: could not be read (boom)"],
    [{ servers: Object.defineProperty(["ws://a"], 0, { get: boom }) }, "natsSignaling.servers[0]: could not be read (boom)"],
    [{ servers: "ws://a", subjectPrefix: 7 }, "natsSignaling.subjectPrefix: must be tokens of A-Z, a-z, 0-9, _ and - separated by dots"],
    [{ servers: "ws://a", user: 7 }, "natsSignaling.user: must be a string"],
    [{ servers: "ws://a", user: "" }, "natsSignaling.user: must not be empty"],
    [{ servers: "ws://a", pass: "hunter2" }, "natsSignaling.pass: needs user"],
    [{ servers: "ws://a", user: "u", pass: 12345 }, "natsSignaling.pass: must be a string"],
    [{ servers: "ws://a", token: null }, "natsSignaling.token: must be a string"],
    [{ servers: "ws://a", user: "u", token: "s3cret" }, "natsSignaling.token: cannot be combined with user: give one way to authenticate"],
    [{ servers: "ws://a", token: "s3cret", nkeySeed: seed }, "natsSignaling.nkeySeed: cannot be combined with token: give one way to authenticate"],
    [{ servers: "ws://a", nkeySeed: seed, jwt: "e30.e30.sig", creds: "x" }, "natsSignaling.creds: cannot be combined with jwt: give one way to authenticate"],
    [{ servers: "ws://a", nkeySeed: "SUnotaseed" }, "natsSignaling.nkeySeed: must be a user's nkey seed (SU…)"],
    [{ servers: "ws://a", nkeySeed: accountSeed }, "natsSignaling.nkeySeed: must be a user's nkey seed (SU…)"],
    [{ servers: "ws://a", nkeySeed: 1 }, "natsSignaling.nkeySeed: must be a string: a user's nkey seed (SU…)"],
    [{ servers: "ws://a", jwt: "e30.e30.sig" }, "natsSignaling.jwt: needs nkeySeed (the user's seed, which signs the server's challenge)"],
    [{ servers: "ws://a", jwt: 5, nkeySeed: seed }, "natsSignaling.jwt: must be a user JWT (a string, or a function that returns one)"],
    [{ servers: "ws://a", creds: "-----BEGIN NATS USER JWT-----\nabc\n------END NATS USER JWT------\n" }, "natsSignaling.creds: must be the text of a .creds file (a user JWT and its nkey seed)"],
    [{ servers: "ws://a", creds: credsFile("e30.e30.sig", "SUnotaseed") }, "natsSignaling.creds: must be the text of a .creds file (a user JWT and its nkey seed)"],
    [{ servers: "ws://a", onError: "console.error" }, "natsSignaling.onError: must be a function"],
    [{ servers: "ws://a", onStatus: {} }, "natsSignaling.onStatus: must be a function"],
  ];
  const wrong = [];
  for (const [i, [options, message]] of cases.entries()) {
    const err = thrown(() => natsSignaling(options));
    if (!(err instanceof TypeError && err.message.startsWith(message))) wrong.push(`case ${i}: expected ${message}, got ${err}`);
    for (const secret of ["hunter2", "12345", "s3cret", seed, "SUnotaseed", accountSeed]) {
      if (err?.message.includes(secret)) wrong.push(`${err.message} quotes a secret`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("every way to authenticate is accepted: none, user and password, token, nkey seed, JWT and seed, creds", () => {
  const seed = userSeed();
  for (const auth of [{}, { user: "alice", pass: "pw" }, { user: "alice" }, { token: "t" }, { nkeySeed: seed },
    { jwt: "e30.e30.sig", nkeySeed: seed }, { jwt: () => "e30.e30.sig", nkeySeed: seed }, { creds: credsFile("e30.e30.sig", seed) }]) {
    const t = natsSignaling({ servers: ["ws://127.0.0.1:1", "wss://nats.example.com/ws"], ...auth, subjectPrefix: "acme.calls", onError() {}, onStatus() {} });
    assert.deepEqual(Object.keys(t).sort(), ["send", "subscribe"], JSON.stringify(auth));
  }
});

test("send: bad arguments reject (never throw) with errors naming the field; at most 50 recipients and 64 KiB", async () => {
  const t = natsSignaling({ servers: "ws://127.0.0.1:1" });
  const fifty = Array.from({ length: MAX_RECIPIENTS }, (_, i) => `u${i}`);
  const cases = [
    [() => t.send(42, { appID: "1", to: ["bob"] }), TypeError, "natsSignaling.send: text: must be a string"],
    [() => t.send("x", undefined), TypeError, "natsSignaling.send: meta: must be an object"],
    [() => t.send("x", revoked()), TypeError, "natsSignaling.send: meta.appID: could not be read ("],
    [() => t.send("x", { appID: 1, to: ["bob"] }), TypeError, "natsSignaling.send: meta.appID: must be a string"],
    [() => t.send("x", { appID: "1", to: "bob" }), TypeError, "natsSignaling.send: meta.to: must be an array of at most 50 user IDs (strings)"],
    [() => t.send("x", { appID: "1", to: [...fifty, "one-more"] }), TypeError, "natsSignaling.send: meta.to: must be an array of at most 50 user IDs (strings), got 51"],
    [() => t.send("x", { appID: "1", to: new Array(1e8) }), TypeError, "natsSignaling.send: meta.to: must be an array of at most 50 user IDs (strings), got 100000000"],
    [() => t.send("x", { appID: "1", to: ["bob", 7] }), TypeError, "natsSignaling.send: meta.to[1]: must be a string"],
    [() => t.send("x", { appID: "1", to: Object.defineProperty(["bob"], 0, { get: boom }) }), TypeError, "natsSignaling.send: meta.to[0]: could not be read (boom)"],
    [() => t.send("x", Object.defineProperty({ to: ["bob"] }, "appID", { get: boom })), TypeError, "natsSignaling.send: meta.appID: could not be read (boom)"],
    [() => t.send("x".repeat(MAX_TEXT_BYTES + 1), { appID: "1", to: ["bob"] }), RangeError, "natsSignaling.send: text: must be at most 65536 bytes of UTF-8"],
    // 30,000 UTF-16 units, 90,000 bytes of UTF-8: the bound is the bytes on the wire.
    [() => t.send("€".repeat(30_000), { appID: "1", to: ["bob"] }), RangeError, "natsSignaling.send: text: must be at most 65536 bytes of UTF-8"],
  ];
  for (const [call, type, message] of cases) {
    let promise;
    assert.doesNotThrow(() => { promise = call(); });
    await assert.rejects(promise, (err) => err instanceof type && err.message.startsWith(message), message);
  }
  // At the bounds, the arguments pass: what is left is the missing connection.
  await assert.rejects(t.send("x".repeat(MAX_TEXT_BYTES), { appID: "1", to: fifty }), { message: /^callkit-invite: NATS ws:\/\/127\.0\.0\.1:1: not connected; the message was not sent$/ });
  await t.send("x", { appID: "1", to: [] }); // nobody to send to: nothing to do
});

test("subscribe: bad arguments throw a TypeError naming the field", () => {
  const t = natsSignaling({ servers: "ws://127.0.0.1:1" });
  assert.throws(() => t.subscribe("f", { appID: "1", userID: "u" }), { name: "TypeError", message: "natsSignaling.subscribe: onText: must be a function" });
  assert.throws(() => t.subscribe(() => {}, null), { name: "TypeError", message: "natsSignaling.subscribe: meta: must be an object" });
  assert.throws(() => t.subscribe(() => {}, { appID: "1" }), { name: "TypeError", message: "natsSignaling.subscribe: meta.userID: must be a string" });
  assert.throws(() => t.subscribe(() => {}, Object.defineProperty({ userID: "u" }, "appID", { get: boom })), { name: "TypeError", message: "natsSignaling.subscribe: meta.appID: could not be read (boom)" });
});

/** A WebSocket that never connects (refused, as by a port nobody listens on); counts attempts. */
class RefusedWebSocket {
  static made = [];
  constructor(url) {
    this.url = url;
    RefusedWebSocket.made.push({ url, at: Date.now() });
    setTimeout(() => {
      this.onerror?.({ message: "connection refused" });
      this.onclose?.({ wasClean: false, reason: "" });
    }, 5);
  }
  close() {}
  send() {}
}

test("no server: reported once to onError, retried by the schedule, sends reject, and the last unsubscribe stops the attempts", async (t) => {
  const original = globalThis.WebSocket;
  globalThis.WebSocket = RefusedWebSocket;
  t.after(() => { globalThis.WebSocket = original; });
  RefusedWebSocket.made = [];
  const errors = [];
  const statuses = [];
  const transport = natsSignaling({ servers: "ws://127.0.0.1:9", onError: (e) => errors.push(e), onStatus: (s) => statuses.push(s) });
  const stop = transport.subscribe(() => {}, { appID: "1", userID: "alice" });
  await sleep(300);
  assert.equal(RefusedWebSocket.made.length, 1, "one attempt at first");
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof Error);
  assert.match(errors[0].message, /^callkit-invite: NATS ws:\/\/127\.0\.0\.1:9: cannot connect \(connection refused: is the server running, with websocket enabled\?\); retrying$/);
  await assert.rejects(transport.send("{}", { appID: "1", to: ["bob"] }), { message: /not connected; the message was not sent/ });

  await sleep(3200); // the next attempt comes 2 to 3 s later
  assert.equal(RefusedWebSocket.made.length, 2, "retried once in 3.2 s");
  const gap = RefusedWebSocket.made[1].at - RefusedWebSocket.made[0].at;
  assert.ok(gap >= 2000 && gap <= 3300, `retried after ${gap} ms`);
  assert.equal(errors.length, 1, "reported once, not on every attempt");
  assert.deepEqual(statuses, [], "never connected");

  stop();
  const attempts = RefusedWebSocket.made.length;
  await sleep(3500);
  assert.equal(RefusedWebSocket.made.length, attempts, "no attempt after the last unsubscribe");
});

test("without onError, the errors go to console.error", async (t) => {
  const original = globalThis.WebSocket;
  globalThis.WebSocket = RefusedWebSocket;
  t.after(() => { globalThis.WebSocket = original; });
  const seen = await withConsole(async () => {
    const stop = natsSignaling({ servers: "ws://127.0.0.1:9" }).subscribe(() => {}, { appID: "1", userID: "alice" });
    await sleep(200);
    stop();
  });
  assert.equal(seen.errors.length, 1);
  assert.match(seen.errors[0][0].message, /cannot connect/);
});

/**
 * A WebSocket to a pretend server: it says INFO and records the client's CONNECT (its JSON:
 * the credentials the client logs in with), then refuses it, so that the client stops.
 */
class InfoWebSocket {
  static connects = [];
  constructor(url) {
    this.url = url;
    this.binaryType = "arraybuffer";
    setTimeout(() => {
      this.onopen?.({});
      const info = `INFO {"server_id":"fake","version":"2.10.0","proto":1,"max_payload":1048576,"headers":true}\r\n`;
      this.onmessage?.({ data: new TextEncoder().encode(info).buffer });
    }, 5);
  }
  send(data) {
    const text = typeof data === "string" ? data : new TextDecoder().decode(data);
    const m = /^CONNECT (\{.*?\})\r\n/.exec(text);
    if (!m) return;
    InfoWebSocket.connects.push(JSON.parse(m[1]));
    setTimeout(() => this.onmessage?.({ data: new TextEncoder().encode("-ERR 'Authorization Violation'\r\n").buffer }), 5);
  }
  close() {
    setTimeout(() => this.onclose?.({ wasClean: true, reason: "" }), 1);
  }
}

test("subscribe's meta.token (a production kit token's) logs in when the options give no credentials; the options' win", async (t) => {
  const original = globalThis.WebSocket;
  globalThis.WebSocket = InfoWebSocket;
  t.after(() => { globalThis.WebSocket = original; });
  const login = async (options, meta) => {
    InfoWebSocket.connects = [];
    const errors = [];
    const stop = natsSignaling({ servers: "ws://127.0.0.1:9", ...options, onError: (e) => errors.push(e.message) })
      .subscribe(() => {}, { appID: "1", userID: "alice", ...meta });
    await sleep(200);
    stop();
    const [connect] = InfoWebSocket.connects;
    return { auth_token: connect?.auth_token, user: connect?.user, error: errors.at(-1) };
  };
  // No credentials in the options: the kit token's.
  const fromKit = await login({}, { token: "kit-s3cret" });
  assert.equal(fromKit.auth_token, "kit-s3cret");
  assert.match(fromKit.error, /Authorization Violation \(check the token in the kit token \(generateKitTokenForProduction\)\); not reconnecting$/);
  assert.ok(!fromKit.error.includes("kit-s3cret"), "the error does not quote the token");
  // Credentials in the options: those, and not the kit token's.
  assert.deepEqual(await login({ token: "own-s3cret" }, { token: "kit-s3cret" }).then((r) => [r.auth_token, r.user]), ["own-s3cret", undefined]);
  assert.deepEqual(await login({ user: "alice", pass: "pw" }, { token: "kit-s3cret" }).then((r) => [r.auth_token, r.user]), [undefined, "alice"]);
  const own = await login({ user: "alice", pass: "pw" }, { token: "kit-s3cret" });
  assert.match(own.error, /\(check natsSignaling's user, pass, token, nkeySeed, jwt or creds\); not reconnecting$/);
  // Neither: no credentials.
  assert.deepEqual(await login({}, {}).then((r) => [r.auth_token, r.user]), [undefined, undefined]);
});

test("subscribe: a meta.token that is not a non-empty string is a TypeError naming it", () => {
  const t = natsSignaling({ servers: "ws://127.0.0.1:1" });
  for (const token of ["", 42, null]) {
    assert.throws(() => t.subscribe(() => {}, { appID: "1", userID: "u", token }), { name: "TypeError", message: "natsSignaling.subscribe: meta.token: must be a non-empty string" });
  }
});
