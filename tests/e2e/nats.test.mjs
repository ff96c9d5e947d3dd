// The NATS-over-WebSocket transport, end to end: each user in its own browser context (no
// shared BroadcastChannel), the demo with ?signaling=nats, and a real nats-server that this
// file starts on loopback from a generated config (and kills and restarts mid-call).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  startServer, launchBrowser, Session, USERS, callAndAccept, openInvitees, inviteOnly, waitForParticipants, waitUntil, front,
} from "./support.mjs";

const NATS_SERVER = process.env.NATS_SERVER || "nats-server";
const APP_ID = 1234567; // the demo's

async function freePort() {
  const srv = createServer();
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** A nats-server on loopback: client, WebSocket and monitoring ports, `extra` config appended. */
class Nats {
  static async create(extra = "") {
    const n = new Nats();
    n.dir = mkdtempSync(join(tmpdir(), "callkit-nats-"));
    [n.port, n.wsPort, n.httpPort] = [await freePort(), await freePort(), await freePort()];
    n.config = join(n.dir, "nats.conf");
    writeFileSync(n.config, [
      `listen: "127.0.0.1:${n.port}"`,
      `http: "127.0.0.1:${n.httpPort}"`,
      `websocket { listen: "127.0.0.1:${n.wsPort}", no_tls: true }`,
      extra,
    ].join("\n"));
    await n.start();
    return n;
  }

  get url() { return `ws://127.0.0.1:${this.wsPort}`; }

  async start() {
    this.log = "";
    this.child = spawn(NATS_SERVER, ["-c", this.config], { stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout.on("data", (d) => { this.log += d; });
    this.child.stderr.on("data", (d) => { this.log += d; });
    const spawned = new Promise((resolve, reject) => { this.child.once("spawn", resolve); this.child.once("error", reject); });
    await spawned.catch((err) => { throw new Error(`cannot run ${NATS_SERVER} (scripts/bootstrap.sh --browsers installs it): ${err.message}`); });
    this.killOnExit = () => this.child.kill("SIGKILL");
    process.once("exit", this.killOnExit);
    await waitUntil(() => this.monitor("varz"), { timeout: 10_000, message: () => `nats-server to start; its log:\n${this.log}` });
  }

  /** The server going away without a goodbye. */
  async kill() {
    process.removeListener("exit", this.killOnExit);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGKILL");
    await exited;
  }

  /** A monitoring endpoint's JSON, or null while the server is not up. */
  async monitor(path) {
    const res = await fetch(`http://127.0.0.1:${this.httpPort}/${path}`).catch(() => null);
    return res?.ok ? res.json() : null;
  }

  /** The subjects the connected clients subscribe to, sorted (null while the server is down). */
  async clientSubjects() {
    const connz = await this.monitor("connz?subs=1");
    return connz && connz.connections.flatMap((c) => c.subscriptions_list ?? []).sort();
  }

  /** Waits until the clients hold exactly `n` subscriptions: every kit is (re)connected and subscribed. */
  async waitForSubscriptions(n) {
    await waitUntil(async () => (await this.clientSubjects())?.length === n,
      { timeout: 15_000, message: async () => `${n} subscriptions; the clients have ${JSON.stringify(await this.clientSubjects())}` });
  }

  async stop() {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let web;
let browser;
const sessions = [];
before(async () => {
  web = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await browser?.close().catch(() => {});
  await web?.stop();
});

/** Opens the demo as `userID` over NATS, in a browser context of its own. */
async function openUser(userID, nats, { natsUser, natsPass } = {}) {
  const s = await Session.create(browser, web.base);
  sessions.push(s);
  const q = new URLSearchParams({ userID, userName: USERS[userID], signaling: "nats", natsUrl: nats.url });
  if (natsUser) q.set("natsUser", natsUser);
  if (natsPass) q.set("natsPass", natsPass);
  const page = await s.goto(`index.html?${q}`, userID);
  await page.waitForSelector("body[data-ready=true]");
  page.session = s;
  return page;
}

/** Fails on uncaught page errors or CSP violations in any of `pages`' contexts. */
async function assertClean(...pages) {
  for (const page of pages) await page.session.assertClean();
}

/** The console errors of `page`'s context. */
const consoleErrors = (page) => page.session.consoleErrors;

test("over NATS: call, accept, and an in-call invitation reach users in separate browsers", { timeout: 45_000 }, async () => {
  const nats = await Nats.create();
  try {
    const [alice, bob, carol] = [await openUser("alice", nats), await openUser("bob", nats), await openUser("carol", nats)];
    await nats.waitForSubscriptions(3);
    await callAndAccept(alice, bob, "Bob");
    await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
    await waitForParticipants(bob, ["Alice", "Bob"], "Bob");

    await inviteOnly(await openInvitees(alice), ["Carol"]);
    const ringing = carol.getByRole("alertdialog");
    await ringing.waitFor();
    assert.match(await ringing.textContent(), /Alice/);
    await front(carol);
    await ringing.getByRole("button", { name: "Accept", exact: true }).click();
    for (const [label, page] of [["Alice", alice], ["Bob", bob], ["Carol", carol]]) {
      await waitForParticipants(page, ["Alice", "Bob", "Carol"], label);
    }
    assert.equal(await bob.getByRole("alertdialog").count(), 0, "nobody else rang");
    await assertClean(alice, bob, carol);
    // Each kit listens on its own subject only.
    assert.deepEqual(await nats.clientSubjects(), ["alice", "bob", "carol"].map((u) => `callkit.${APP_ID}.u.${u}`));
  } finally {
    await nats.stop();
  }
});

test("the server is killed and restarted mid-call: the kits reconnect and the next invitation arrives", { timeout: 45_000 }, async () => {
  const nats = await Nats.create();
  try {
    const [alice, bob, carol] = [await openUser("alice", nats), await openUser("bob", nats), await openUser("carol", nats)];
    await nats.waitForSubscriptions(3);
    await callAndAccept(alice, bob, "Bob");
    await waitForParticipants(alice, ["Alice", "Bob"], "Alice");

    await nats.kill();
    await waitUntil(() => alice.session.warnings.some((w) => /connection lost; reconnecting/.test(w)),
      { message: () => `Alice's kit to notice; warnings: ${alice.session.warnings.join(" | ")}` });
    await nats.start(); // same ports
    await nats.waitForSubscriptions(3);

    await inviteOnly(await openInvitees(alice), ["Carol"]);
    const ringing = carol.getByRole("alertdialog");
    await ringing.waitFor();
    await front(carol);
    await ringing.getByRole("button", { name: "Accept", exact: true }).click();
    for (const [label, page] of [["Alice", alice], ["Bob", bob], ["Carol", carol]]) {
      await waitForParticipants(page, ["Alice", "Bob", "Carol"], label);
    }
    await assertClean(alice, bob, carol);
  } finally {
    await nats.stop();
  }
});

test("per-user permissions: users call each other, a kit may not listen on another user's subject, bad credentials are reported", { timeout: 45_000 }, async () => {
  const users = ["alice", "bob", "carol"].map((u) => `    { user: ${u}, password: ${u}-secret, permissions: {
      subscribe: "callkit.${APP_ID}.u.${u}", publish: "callkit.${APP_ID}.u.*" } }`);
  const nats = await Nats.create(`authorization {\n  users: [\n${users.join("\n")}\n  ]\n}`);
  try {
    const alice = await openUser("alice", nats, { natsUser: "alice", natsPass: "alice-secret" });
    const bob = await openUser("bob", nats, { natsUser: "bob", natsPass: "bob-secret" });
    await nats.waitForSubscriptions(2);
    await callAndAccept(alice, bob, "Bob");
    await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
    await waitForParticipants(bob, ["Alice", "Bob"], "Bob");

    // Someone with Carol's credentials opens the kit as Bob: the server refuses the subscription.
    const impostor = await openUser("bob", nats, { natsUser: "carol", natsPass: "carol-secret" });
    await waitUntil(() => consoleErrors(impostor).find((e) => e.includes("Permissions Violation for Subscription")),
      { message: () => `a console.error about the refused subscription; errors: ${consoleErrors(impostor).join(" | ")}` });
    assert.match(consoleErrors(impostor).join("\n"), new RegExp(`callkit\\.${APP_ID}\\.u\\.bob`), "the error names the subject");
    assert.equal(await impostor.getByRole("alertdialog").count(), 0);

    // A wrong password: a clear error, and an invitation fails instead of hanging.
    const wrong = await openUser("carol", nats, { natsUser: "carol", natsPass: "not-the-password" });
    await waitUntil(() => consoleErrors(wrong).find((e) => e.includes("Authorization Violation")),
      { message: () => `a console.error about the credentials; errors: ${consoleErrors(wrong).join(" | ")}` });
    await front(wrong);
    await wrong.getByRole("button", { name: "Voice call Dave", exact: true }).click();
    await waitUntil(async () => /Dave \(sendFailed\)/.test(await wrong.locator("#status").textContent()),
      { message: async () => `the demo to show the failed invitation; status: ${await wrong.locator("#status").textContent()}` });
    await assertClean(alice, bob, impostor, wrong);
  } finally {
    await nats.stop();
  }
});

test("the transport itself: bad options throw, an unreachable server is reported once, sends wait in a bounded queue across a restart, the last unsubscribe closes the socket", { timeout: 45_000 }, async () => {
  const nats = await Nats.create();
  try {
    const s = await Session.create(browser, web.base);
    sessions.push(s);
    const page = await s.goto("index.html?userID=zoe", "zoe"); // BroadcastChannel: the default build, no NATS of its own
    await page.waitForSelector("body[data-ready=true]");

    const thrown = await page.evaluate(async () => {
      const { default: init, CallKit } = await import("../pkg/nats/callkit_invite.js");
      await init(); // the page runs the default build: this is the NATS build, a module of its own
      const out = [];
      const options = [
        { servers: "http://127.0.0.1:1" }, { servers: "nats://127.0.0.1:4222" }, { servers: "" }, { servers: [] },
        { servers: ["ws://127.0.0.1:1", "ws://"] }, { servers: 42 }, {}, { servers: "ws://127.0.0.1:1", subjectPrefix: "a.*" },
      ];
      for (const o of options) {
        try { CallKit.natsSignaling(o); out.push("did not throw"); } catch (e) { out.push(`${e.name}: ${e.message}`); }
      }
      return out;
    });
    for (const t of thrown) assert.match(t, /^TypeError: natsSignaling\.(servers|subjectPrefix): /);
    assert.match(thrown[0], /"http:\/\/127\.0\.0\.1:1" is not a ws:\/\/ or wss:\/\/ URL/);

    const unreachable = await page.evaluate(async (url) => {
      const { default: init, CallKit } = await import("../pkg/nats/callkit_invite.js");
      await init(); // the page runs the default build: this is the NATS build, a module of its own
      const errors = [];
      const t = CallKit.natsSignaling({ servers: url, onError: (e) => errors.push(e.message) });
      const stop = t.subscribe(() => {}, { appID: "q", userID: "u" });
      await new Promise((r) => setTimeout(r, 2000)); // a few attempts
      stop();
      return errors;
    }, `ws://127.0.0.1:${await freePort()}`);
    assert.equal(unreachable.length, 1, `reported once: ${unreachable}`);
    assert.match(unreachable[0], /cannot connect/);

    await page.evaluate(async (url) => {
      const { default: init, CallKit } = await import("../pkg/nats/callkit_invite.js");
      await init(); // the page runs the default build: this is the NATS build, a module of its own
      const q = globalThis.q = { t: CallKit.natsSignaling({ servers: [url] }), got: [], settled: [] };
      q.stop = q.t.subscribe((text) => q.got.push(text), { appID: "q.app", userID: "me" });
    }, nats.url);
    await nats.waitForSubscriptions(1);
    assert.deepEqual(await nats.clientSubjects(), ["callkit.q_2Eapp.u.me"], "IDs are escaped into one subject token");

    await nats.kill();
    await waitUntil(() => s.warnings.some((w) => /connection lost; reconnecting/.test(w)), { message: "the transport to notice" });
    // 101 sends while disconnected: the queue keeps 100, the oldest is dropped at once, loudly.
    await page.evaluate(() => {
      for (let i = 0; i <= 100; i++) {
        q.t.send(`m${i}`, { appID: "q.app", to: ["me"] }).then(() => q.settled.push(`ok ${i}`), (e) => q.settled.push(`rejected ${i}: ${e.message}`));
      }
    });
    await waitUntil(() => page.evaluate(() => q.settled.length === 1), { message: "the oldest send to be dropped" });
    assert.match((await page.evaluate(() => q.settled))[0], /^rejected 0: .*queue is full/);
    assert.ok(s.warnings.some((w) => /queue is full/.test(w)), "with a console.warn");

    await nats.start(); // same ports: the transport comes back, subscribes again, then flushes the queue
    await waitUntil(() => page.evaluate(() => q.got.length === 100), { timeout: 15_000, message: "the queued messages" });
    const { got, settled } = await page.evaluate(() => q);
    assert.deepEqual(got, Array.from({ length: 100 }, (_, i) => `m${i + 1}`), "in order, none lost but the dropped one");
    assert.equal(settled.filter((x) => x.startsWith("ok")).length, 100);

    await page.evaluate(() => q.stop());
    await waitUntil(async () => (await nats.monitor("connz"))?.num_connections === 0, { message: "the socket to close" });
    await s.assertClean();
  } finally {
    await nats.stop();
  }
});
