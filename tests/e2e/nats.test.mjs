// Signaling over NATS end to end, through the adapter over the official client
// (pkg/nats.js + @nats-io/nats-core): each user in its own browser context (no shared
// BroadcastChannel), the demo with ?signaling=nats, and real nats-servers that this file starts
// on loopback (tests/e2e/nats-server.mjs), kills and restarts: user/pass, token, nkey and JWT
// logins, per-user permissions, a restart mid-call, and the demo without a server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  ROOT, startServer, launchBrowser, Session, USERS, callAndAccept, openInvitees, inviteOnly, waitForParticipants, waitUntil, front, toast,
} from "./support.mjs";
import { Nats, operatorMode, userNkey } from "./nats-server.mjs";

const APP_ID = 1234567; // the demo's

let web;
let browser;
const sessions = [];
before(async () => {
  if (!existsSync(join(ROOT, "www/vendor/nats-core.js"))) throw new Error("no www/vendor/nats-core.js: run scripts/build.sh");
  web = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await browser?.close().catch(() => {});
  await web?.stop();
});

/** Opens the demo as `userID` over NATS at `url`, in a browser context of its own. */
async function openUser(userID, url, { natsUser, natsPass, natsToken } = {}) {
  const s = await Session.create(browser, web.base);
  sessions.push(s);
  const q = new URLSearchParams({ userID, userName: USERS[userID], signaling: "nats", natsUrl: url });
  for (const [k, v] of Object.entries({ natsUser, natsPass, natsToken })) if (v) q.set(k, v);
  const page = await s.goto(`index.html?${q}`, userID);
  await page.waitForSelector("body[data-ready=true]");
  page.session = s;
  return page;
}

/** Fails on uncaught page errors or CSP violations in any of `pages`' contexts. */
async function assertClean(...pages) {
  for (const page of pages) await page.session.assertClean();
}

/** The demo's NATS connection line. */
const connectionLine = (page) => page.locator("#connection");

/** Waits until the demo's connection line matches `pattern`. */
async function waitForConnectionLine(page, pattern, timeout = 10_000) {
  await waitUntil(async () => pattern.test(await connectionLine(page).textContent()),
    { timeout, message: async () => `the connection line to match ${pattern}; it says "${await connectionLine(page).textContent()}"` });
}

test("over NATS: call, accept, and an in-call invitation reach users in separate browsers", { timeout: 45_000 }, async () => {
  const nats = await Nats.create();
  try {
    const [alice, bob, carol] = [await openUser("alice", nats.url), await openUser("bob", nats.url), await openUser("carol", nats.url)];
    await nats.waitForSubscriptions(3);
    await waitForConnectionLine(alice, /^NATS: connected to ws:\/\/127\.0\.0\.1:\d+$/);
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
    await assertClean(alice, bob, carol); // the import map runs under the CSP, by its hash
    // Each kit listens on its own subject only, named as the Rust transport named it.
    assert.deepEqual(await nats.clientSubjects(), ["alice", "bob", "carol"].map((u) => `callkit.${APP_ID}.u.${u}`));
  } finally {
    await nats.stop();
  }
});

test("the server is killed and restarted mid-call: the page says so, the call goes on, and the next invitation arrives", { timeout: 60_000 }, async () => {
  const nats = await Nats.create();
  try {
    const [alice, bob, carol] = [await openUser("alice", nats.url), await openUser("bob", nats.url), await openUser("carol", nats.url)];
    await nats.waitForSubscriptions(3);
    await callAndAccept(alice, bob, "Bob");
    await waitForParticipants(alice, ["Alice", "Bob"], "Alice");

    await nats.kill();
    await waitForConnectionLine(alice, /^NATS: connection lost; reconnecting…$/);
    assert.ok(alice.session.warnings.some((w) => /NATS 127\.0\.0\.1:\d+: connection lost; reconnecting/.test(w)), "and a console.warn");
    await nats.start(); // same ports
    await nats.waitForSubscriptions(3); // the client subscribed again by itself
    await waitForConnectionLine(alice, /^NATS: connected to /);

    await inviteOnly(await openInvitees(alice), ["Carol"]);
    const ringing = carol.getByRole("alertdialog");
    await ringing.waitFor();
    await front(carol);
    await ringing.getByRole("button", { name: "Accept", exact: true }).click();
    // Bob is still there: the call survived the outage.
    for (const [label, page] of [["Alice", alice], ["Bob", bob], ["Carol", carol]]) {
      await waitForParticipants(page, ["Alice", "Bob", "Carol"], label);
    }
    await assertClean(alice, bob, carol);
  } finally {
    await nats.stop();
  }
});

test("no server: the demo shows the connection error, a call fails at once instead of ringing for ever, and it works once the server is up", { timeout: 60_000 }, async () => {
  const nats = await Nats.create("", { start: false });
  try {
    const alice = await openUser("alice", nats.url);
    await waitForConnectionLine(alice, /cannot connect .*is the server running, with websocket enabled\?\); retrying$/);
    assert.ok(await connectionLine(alice).evaluate((el) => el.classList.contains("error") && !el.hidden), "shown as an error");
    assert.ok(alice.session.consoleErrors.some((e) => /cannot connect/.test(e)), "and logged");

    await front(alice);
    await alice.getByRole("button", { name: "Voice call Dave", exact: true }).click();
    await waitUntil(async () => /Dave \(sendFailed\)/.test(await alice.locator("#status").textContent()),
      { message: async () => `the demo to show the failed invitation; status: ${await alice.locator("#status").textContent()}` });
    await toast(alice, "Failed to send the invitation, please try again.").waitFor();
    assert.equal(await alice.locator(".cki-call").count(), 0, "no \"Calling…\" page left waiting");

    // The server comes up: the transport's own retries find it, and calls go through.
    await nats.start();
    await waitForConnectionLine(alice, /^NATS: connected to /);
    const bob = await openUser("bob", nats.url);
    await nats.waitForSubscriptions(2);
    await callAndAccept(alice, bob, "Bob");
    await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
    await assertClean(alice, bob);
  } finally {
    await nats.stop();
  }
});

/**
 * In `page`, a transport per entry of `logins` (natsSignaling options besides `servers`; and
 * `kitToken`, handed to `subscribe` as a kit made from a production kit token does), each
 * subscribed as its key; then each sends "hello from <key>" to every other. Resolves, per key,
 * what its onStatus and onError saw, what it received, and how its send settled.
 */
function exchange(page, url, logins) {
  return page.evaluate(async ({ url, logins }) => {
    const { natsSignaling } = await import("../pkg/nats.js");
    const out = {};
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const names = Object.keys(logins);
    for (const name of names) {
      const o = out[name] = { statuses: [], errors: [], got: [], sent: null };
      const { kitToken, ...options } = logins[name];
      o.t = natsSignaling({ servers: url, ...options, onStatus: (s) => o.statuses.push(s), onError: (e) => o.errors.push(e.message) });
      o.stop = o.t.subscribe((text) => o.got.push(text), { appID: "e2e", userID: name, ...(kitToken && { token: kitToken }) });
    }
    // Until every transport is connected or has failed (the client tries twice before giving up on credentials).
    for (let i = 0; i < 100 && names.some((n) => !out[n].statuses.length && !out[n].errors.some((e) => /not reconnecting/.test(e))); i++) await sleep(100);
    for (const name of names) {
      const to = names.filter((n) => n !== name);
      await out[name].t.send(`hello from ${name}`, { appID: "e2e", to }).then(() => { out[name].sent = "ok"; }, (e) => { out[name].sent = e.message; });
    }
    await sleep(300);
    for (const name of names) {
      out[name].stop();
      delete out[name].t;
      delete out[name].stop;
    }
    return out;
  }, { url, logins });
}

/** A page of the demo (BroadcastChannel, no NATS of its own) to run the adapter in. */
async function blankPage() {
  const s = await Session.create(browser, web.base);
  sessions.push(s);
  const page = await s.goto("index.html?userID=zoe", "zoe");
  await page.waitForSelector("body[data-ready=true]");
  page.session = s;
  return page;
}

test("logins: user and password, nkey, token (or a production kit token's), and JWT (jwt + nkeySeed, or creds) connect; wrong ones are refused with an error and sends reject", { timeout: 60_000 }, async () => {
  const alice = userNkey();
  const stranger = userNkey();
  const op = operatorMode();
  // Users with passwords and nkeys can share a server; a token, and operator mode, each need one.
  const servers = [
    await Nats.create(`authorization {\n  users: [\n    { user: ann, password: ann-secret }\n    { nkey: ${alice.publicKey} }\n  ]\n}`),
    await Nats.create('authorization { token: "s3cret-token" }'),
    await Nats.create(op.config),
  ];
  const [usersServer, tokenServer, jwtServer] = servers;
  try {
    const page = await blankPage();
    const ana = op.user("ana");
    const ben = op.user("ben");
    const outcomes = {
      users: await exchange(page, usersServer.url, {
        ann: { user: "ann", pass: "ann-secret" },
        alice: { nkeySeed: alice.seed },
        wrongpass: { user: "ann", pass: "not-the-password" },
        strangerkey: { nkeySeed: stranger.seed },
      }),
      token: await exchange(page, tokenServer.url, { t1: { token: "s3cret-token" }, t2: { token: "s3cret-token" }, wrong: { token: "guess" } }),
      // The token of a production kit token, when the options give none.
      kitToken: await exchange(page, tokenServer.url, { k1: { kitToken: "s3cret-token" }, k2: { kitToken: "s3cret-token" }, kwrong: { kitToken: "guess" } }),
      jwt: await exchange(page, jwtServer.url, { ana: { jwt: ana.jwt, nkeySeed: ana.seed }, ben: { creds: ben.creds }, seedonly: { nkeySeed: userNkey().seed } }),
    };
    const good = { users: ["ann", "alice"], token: ["t1", "t2"], kitToken: ["k1", "k2"], jwt: ["ana", "ben"] };
    const bad = { users: ["wrongpass", "strangerkey"], token: ["wrong"], kitToken: ["kwrong"], jwt: ["seedonly"] };
    for (const [server, names] of Object.entries(good)) {
      for (const name of names) {
        const o = outcomes[server][name];
        const peer = names.find((n) => n !== name);
        assert.deepEqual({ statuses: o.statuses, errors: o.errors, sent: o.sent, got: o.got },
          { statuses: ["connected"], errors: [], sent: "ok", got: [`hello from ${peer}`] }, `${server}/${name}`);
      }
    }
    for (const [server, names] of Object.entries(bad)) {
      for (const name of names) {
        const o = outcomes[server][name];
        assert.deepEqual(o.statuses, [], `${server}/${name} never connected`);
        assert.equal(o.errors.length, 1, `${server}/${name}: ${o.errors}`);
        const check = server === "kitToken" ? "the token in the kit token \\(generateKitTokenForProduction\\)" : "natsSignaling's user, pass, token, nkeySeed, jwt or creds";
        assert.match(o.errors[0], new RegExp(`Authorization Violation \\(check ${check}\\); not reconnecting$`), `${server}/${name}`);
        assert.equal(o.sent, o.errors[0], `${server}/${name}: its send rejected with that error`);
        assert.deepEqual(o.got, [], `${server}/${name} received nothing`);
      }
    }
    // A kit made from a production kit token, on a transport given no credentials, logs in with
    // the kit token's token: the kit hands it to `subscribe`.
    const kitLogin = await page.evaluate(async ({ url, appID }) => {
      const { CallKit } = await import("../pkg/callkit_invite.js");
      const { natsSignaling } = await import("../pkg/nats.js");
      const out = {};
      for (const [name, token] of [["kim", "s3cret-token"], ["kai", "guess"]]) {
        const o = out[name] = { statuses: [], errors: [] };
        const zp = CallKit.create(CallKit.generateKitTokenForProduction(appID, token, null, name, name));
        zp.addPlugins({ signaling: natsSignaling({ servers: url, onStatus: (s) => o.statuses.push(s), onError: (e) => o.errors.push(e.message) }) });
        for (let i = 0; i < 100 && !o.statuses.length && !o.errors.length; i++) await new Promise((r) => setTimeout(r, 100));
        zp.destroy();
      }
      return out;
    }, { url: tokenServer.url, appID: APP_ID });
    assert.deepEqual(kitLogin.kim, { statuses: ["connected"], errors: [] });
    assert.deepEqual(kitLogin.kai.statuses, []);
    assert.match(kitLogin.kai.errors[0] ?? "", /Authorization Violation \(check the token in the kit token \(generateKitTokenForProduction\)\); not reconnecting$/);
    await page.session.assertClean();
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
});

test("per-user permissions: users call each other; a user cannot listen on another's subject nor publish to another app's", { timeout: 60_000 }, async () => {
  const perUser = ["alice", "bob", "carol"].map((u) => `    { user: ${u}, password: ${u}-secret, permissions: {
      subscribe: "callkit.${APP_ID}.u.${u}", publish: "callkit.${APP_ID}.u.*" } }`);
  // A user without limits, to see what does (or does not) reach the other app.
  const watcher = "    { user: watcher, password: watcher-secret }";
  const nats = await Nats.create(`authorization {\n  users: [\n${[...perUser, watcher].join("\n")}\n  ]\n}`);
  try {
    const alice = await openUser("alice", nats.url, { natsUser: "alice", natsPass: "alice-secret" });
    const bob = await openUser("bob", nats.url, { natsUser: "bob", natsPass: "bob-secret" });
    await nats.waitForSubscriptions(2);
    await callAndAccept(alice, bob, "Bob");
    await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
    await waitForParticipants(bob, ["Alice", "Bob"], "Bob");

    // Someone with Carol's credentials opens the kit as Bob: the server refuses the subscription,
    // and the page says so.
    const impostor = await openUser("bob", nats.url, { natsUser: "carol", natsPass: "carol-secret" });
    await waitForConnectionLine(impostor, new RegExp(`Permissions Violation for Subscription to "callkit\\.${APP_ID}\\.u\\.bob"`));
    assert.ok(await connectionLine(impostor).evaluate((el) => el.classList.contains("error")));
    assert.ok(impostor.session.consoleErrors.some((e) => e.includes("Permissions Violation for Subscription")));

    // Alice's credentials publish to her app's users only: to another app, the server drops it
    // and reports it; to Carol of her app, it arrives.
    const probe = await blankPage();
    const result = await probe.evaluate(async ({ url, appID }) => {
      const { natsSignaling } = await import("../pkg/nats.js");
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const connected = (t) => new Promise((resolve) => { t.ready = resolve; });
      // Carol, not Bob, receives: Bob's subject also carries Alice's kit's heartbeats.
      const seen = { watcher: [], errors: [], carol: [] };
      const mk = (user, pass) => {
        const t = natsSignaling({ servers: url, user, pass, onStatus: (s) => s === "connected" && t.ready?.(), onError: (e) => seen.errors.push(e.message) });
        return t;
      };
      const w = mk("watcher", "watcher-secret");
      const wUp = connected(w);
      const stopW = w.subscribe((text) => seen.watcher.push(text), { appID: "other-app", userID: "bob" });
      const b = mk("carol", "carol-secret");
      const bUp = connected(b);
      const stopB = b.subscribe((text) => seen.carol.push(text), { appID: String(appID), userID: "carol" });
      const a = mk("alice", "alice-secret");
      const aUp = connected(a);
      const stopA = a.subscribe(() => {}, { appID: String(appID), userID: "alice" });
      await Promise.all([wUp, bUp, aUp]);
      await a.send("to the other app", { appID: "other-app", to: ["bob"] });
      await a.send("to my app", { appID: String(appID), to: ["carol"] });
      await sleep(500);
      stopA(); stopB(); stopW();
      return seen;
    }, { url: nats.url, appID: APP_ID });
    assert.deepEqual(result.watcher, [], "nothing reached the other app");
    assert.deepEqual(result.carol, ["to my app"]);
    assert.equal(result.errors.length, 1, result.errors.join(" | "));
    assert.match(result.errors[0], /Permissions Violation for Publish to "callkit\.other-app\.u\.bob"/);

    // A wrong password: the page says so, and an invitation fails instead of hanging.
    const wrong = await openUser("carol", nats.url, { natsUser: "carol", natsPass: "not-the-password" });
    await waitForConnectionLine(wrong, /Authorization Violation .*not reconnecting$/);
    await front(wrong);
    await wrong.getByRole("button", { name: "Voice call Dave", exact: true }).click();
    await waitUntil(async () => /Dave \(sendFailed\)/.test(await wrong.locator("#status").textContent()),
      { message: async () => `the demo to show the failed invitation; status: ${await wrong.locator("#status").textContent()}` });
    await assertClean(alice, bob, impostor, probe, wrong);
  } finally {
    await nats.stop();
  }
});

test("the transport itself: IDs escaped into one subject token, sends reject while the server is down, what the kit could not take is dropped, the last unsubscribe closes the connection", { timeout: 45_000 }, async () => {
  const nats = await Nats.create();
  try {
    const page = await blankPage();
    await page.evaluate(async (url) => {
      const { natsSignaling } = await import("../pkg/nats.js");
      const q = globalThis.q = { statuses: [], got: [] };
      q.t = natsSignaling({ servers: [url], onStatus: (s) => q.statuses.push(s) });
      q.stop = q.t.subscribe((text) => q.got.push(text), { appID: "q.app", userID: "me" });
    }, nats.url);
    await nats.waitForSubscriptions(1);
    assert.deepEqual(await nats.clientSubjects(), ["callkit.q_2Eapp.u.me"], "IDs are escaped into one subject token");

    await nats.kill();
    await waitUntil(() => page.evaluate(() => q.statuses.at(-1) === "disconnected"), { message: "the transport to notice" });
    const whileDown = await page.evaluate(() => q.t.send("lost", { appID: "q.app", to: ["me"] }).then(() => "sent", (e) => e.message));
    assert.match(whileDown, /^callkit-invite: NATS .*: not connected; the message was not sent$/);

    await nats.start(); // same ports: the client comes back and subscribes again
    await waitUntil(() => page.evaluate(() => q.statuses.at(-1) === "connected"), { timeout: 15_000, message: "the transport to reconnect" });
    await nats.waitForSubscriptions(1);
    const sent = await page.evaluate(() => q.t.send("back", { appID: "q.app", to: ["me"] }).then(() => "sent", (e) => e.message));
    assert.equal(sent, "sent");
    await waitUntil(() => page.evaluate(() => q.got.join() === "back"), { message: "the message after the restart, and only it" });
    assert.deepEqual(await page.evaluate(() => q.statuses), ["connected", "disconnected", "connected"]);

    // What the kit could not take is dropped before it: over 64 KiB, or not UTF-8. Published
    // with the client itself, as a misbehaving peer could.
    await page.evaluate(async (url) => {
      const { wsconnect } = await import("@nats-io/nats-core");
      const nc = await wsconnect({ servers: url });
      nc.publish("callkit.q_2Eapp.u.me", new Uint8Array(64 * 1024 + 1).fill(0x20));
      nc.publish("callkit.q_2Eapp.u.me", new Uint8Array([0x7b, 0xff, 0x7d]));
      nc.publish("callkit.q_2Eapp.u.me", "still here");
      await nc.flush();
      await nc.close();
    }, nats.url);
    await waitUntil(() => page.evaluate(() => q.got.join() === "back,still here"), { message: "the valid message after the dropped ones" });
    assert.equal(page.session.warnings.filter((w) => /dropped a NATS message on callkit\.q_2Eapp\.u\.me: (65537 bytes, over 65536|not UTF-8)/.test(w)).length, 2,
      page.session.warnings.join(" | "));

    await page.evaluate(() => q.stop());
    await waitUntil(async () => (await nats.monitor("connz"))?.num_connections === 0, { message: "the connection to close" });
    await page.session.assertClean();
  } finally {
    await nats.stop();
  }
});
