// The Janus media engine as shipped (pkg/janus.js, `callkit-invite/janus`), without a server:
// the option checks, the server a call's room goes to, the room's number and lock, and which
// feeds a member receives. tests/e2e/janus.test.mjs runs it against a real Janus.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { PKG } from "./support.mjs";

const { janusMedia, serverFor, roomFor, feedsToReceive, MAX_SERVERS } = await import(path.join(PKG, "janus.js"));

test("janusMedia checks its options at once: a TypeError naming the field, code INVALID_ARGUMENT", () => {
  const cases = [
    [undefined, "options"], [null, "options"], ["ws://x", "options"], [[], "options"],
    [{}, "servers"], [{ servers: [] }, "servers"], [{ servers: 42 }, "servers"],
    [{ servers: Array(MAX_SERVERS + 1).fill("ws://j.example.com") }, "servers"],
    [{ servers: "http://j.example.com" }, "servers"], [{ servers: "not a url" }, "servers"],
    [{ servers: ["ws://a.example.com", 7] }, "servers[1]"], [{ servers: ["wss://a.example.com", "ftp://b"] }, "servers[1]"],
    [{ servers: "ws://a", keepaliveMs: 60_000 }, "keepaliveMs"], [{ servers: "ws://a", keepaliveMs: "25000" }, "keepaliveMs"],
    [{ servers: "ws://a", token: "" }, "token"], [{ servers: "ws://a", token: 42 }, "token"],
    [{ servers: "ws://a", retryMs: 0 }, "retryMs"], [{ servers: "ws://a", retryMaxMs: 1.5 }, "retryMaxMs"],
  ];
  for (const [options, field] of cases) {
    assert.throws(() => janusMedia(options), (err) => err instanceof TypeError && err.code === "INVALID_ARGUMENT" && err.message.includes(`${field}:`),
      `${JSON.stringify(options)?.slice(0, 60)} must name ${field}`);
  }
  const engine = janusMedia({ servers: ["ws://127.0.0.1:8188", "wss://janus.example.com/ws"] });
  assert.equal(typeof engine.update, "function");
  assert.equal(typeof engine.leave, "function");
  engine.leave(); // nothing to leave: no throw
});

test("serverFor: every member computes the same server from the call ID; calls spread over the list", () => {
  const servers = ["wss://a", "wss://b", "wss://c", "wss://d"];
  assert.equal(serverFor("call_1f3e", servers), serverFor("call_1f3e", [...servers]));
  assert.equal(serverFor("anything", ["wss://only"]), "wss://only");
  // Fixed values: the choice must not change between versions, or members of one call running
  // two versions would meet on different servers.
  assert.deepEqual(["call_0", "call_1", "call_2", "é"].map((id) => servers.indexOf(serverFor(id, servers))), [2, 1, 0, 1]);
  // It is FNV-1a (32 bits): the published vectors, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
  const thousand = Array.from({ length: 1000 }, (_, i) => i);
  assert.equal(serverFor("a", thousand), 0xe40c292c % 1000);
  assert.equal(serverFor("foobar", thousand), 0xbf9cf968 % 1000);
  const counts = new Map(servers.map((s) => [s, 0]));
  for (let i = 0; i < 4000; i++) {
    const id = `call_${(i * 2654435761 >>> 0).toString(16).padStart(8, "0")}${i}`;
    counts.set(serverFor(id, servers), counts.get(serverFor(id, servers)) + 1);
  }
  for (const [server, n] of counts) assert.ok(n > 850 && n < 1150, `${server} got ${n} of 4000 calls`);
});

test("roomFor: a 52-bit room number from the call ID and the media key together; the key locks it", () => {
  const a = roomFor("call_abc", "0123456789abcdef0123456789abcdef");
  assert.deepEqual(a, roomFor("call_abc", "0123456789abcdef0123456789abcdef"));
  assert.ok(Number.isSafeInteger(a.room) && a.room > 0 && a.room < 2 ** 52);
  assert.equal(a.pin, "0123456789abcdef0123456789abcdef");
  assert.equal(a.secret, a.pin);
  // Knowing the call ID alone names another room; so does the same key for another call.
  for (const other of [roomFor("call_abc", ""), roomFor("call_abc", "0123456789abcdef0123456789abcdee"), roomFor("call_abd", a.pin)]) {
    assert.notEqual(other.room, a.room);
  }
  // The separator keeps (ID, key) pairs apart: "ab" + "c" is not "a" + "bc".
  assert.notEqual(roomFor("ab", "c").room, roomFor("a", "bc").room);
  assert.equal(roomFor("call_abc", "k").room, 596870532893301, "fixed: the number must not change between versions");
});

test("feedsToReceive: members only, never oneself, each from its latest feed", () => {
  const publishers = [
    { id: 1, display: "bob" }, { id: 2, display: "mallory" }, { id: 3, display: "alice" },
    { id: 4, display: "carol" }, { id: 5, display: "bob" }, { id: 6 }, { id: 7, display: 42 },
  ];
  assert.deepEqual([...feedsToReceive(publishers, ["bob", "carol", "dave"], "alice")], [["bob", 5], ["carol", 4]]);
  assert.deepEqual([...feedsToReceive(publishers, [], "alice")], []);
  assert.deepEqual([...feedsToReceive([{ id: 9, display: "__proto__" }], ["__proto__"], "alice")], [["__proto__", 9]]);
});
