// The demo says on the page what went wrong, in its status lines (role="status"), instead of
// failing silently: a missing natsUrl, an unknown transport, a NATS server it cannot reach, a
// bad natsUrl, and a package that is not built. No nats-server here: nothing listens on the
// ports these tests give (the e2e layer runs in a network namespace of its own).
import assert from "node:assert/strict";
import { suite, waitUntil } from "./support.mjs";

const e2e = suite();

/** Opens the demo with `query` and waits until it has started (or given up, saying why). */
async function openDemo(s, query, label = "demo") {
  const page = await s.goto(`index.html?${new URLSearchParams(query)}`, label);
  await page.waitForSelector("body[data-ready=true]");
  return page;
}

/** The visible status line whose text matches `pattern`. */
const statusLine = (page, pattern) => page.getByRole("status").filter({ hasText: pattern });

e2e("?signaling=nats without natsUrl: the status line says to add natsUrl, links the page with an example, and no kit starts", async (s) => {
  const page = await openDemo(s, { userID: "alice", userName: "Alice", signaling: "nats" });
  const line = statusLine(page, /natsUrl/);
  await line.waitFor();
  assert.ok(await line.isVisible(), "the explanation is on screen");
  assert.match(await line.textContent(), /^signaling=nats needs a server: add natsUrl, the WebSocket address of a nats-server .*e\.g\. &natsUrl=ws:\/\/127\.0\.0\.1:8222/);
  const fix = line.getByRole("link", { name: "Open with natsUrl=ws://127.0.0.1:8222", exact: true });
  const href = new URL(await fix.getAttribute("href"), page.url());
  assert.deepEqual(Object.fromEntries(href.searchParams), { userID: "alice", userName: "Alice", signaling: "nats", natsUrl: "ws://127.0.0.1:8222" });
  assert.equal(await page.getByRole("button", { name: /^Video call / }).count(), 0, "no directory: nothing would reach anyone");
  assert.equal(await page.evaluate(() => typeof globalThis.zp), "undefined", "no kit was made");
  assert.deepEqual(s.consoleErrors, []);
});

e2e("?signaling=<unknown>: the status line names the two transports and links the default one", async (s) => {
  const page = await openDemo(s, { userID: "bob", signaling: "nat" });
  const line = statusLine(page, /Unknown signaling/);
  await line.waitFor();
  assert.match(await line.textContent(), /^Unknown signaling "nat": use signaling=broadcast .* or signaling=nats with a natsUrl\./);
  const href = new URL(await line.getByRole("link", { name: "Open with BroadcastChannel" }).getAttribute("href"), page.url());
  assert.equal(href.searchParams.get("signaling"), "broadcast");
});

e2e("NATS server unreachable: the connection status line shows the error on the page, and a call fails at once", async (s) => {
  const page = await openDemo(s, { userID: "alice", signaling: "nats", natsUrl: "ws://127.0.0.1:9" });
  const line = statusLine(page, /cannot connect/);
  await waitUntil(() => line.isVisible(), { timeout: 10_000, message: async () => `a visible "cannot connect" line; the status lines say ${JSON.stringify(await page.getByRole("status").allTextContents())}` });
  assert.match(await line.textContent(), /NATS ws:\/\/127\.0\.0\.1:9: cannot connect .*is the server running, with websocket enabled\?\); retrying$/);
  assert.equal(await line.evaluate((el) => getComputedStyle(el).color), "rgb(217, 48, 64)", "shown as an error");
  // An invitation over the dead transport fails where the user looks.
  await page.getByRole("button", { name: "Voice call Dave", exact: true }).click();
  await statusLine(page, /Not invited: Dave \(sendFailed\)/).waitFor();
  assert.ok(s.consoleErrors.some((e) => /cannot connect/.test(e)), "and logged");
  s.consoleErrors.length = 0;
});

e2e("a natsUrl that is not a WebSocket URL: the status line says why the demo did not start", async (s) => {
  const page = await openDemo(s, { userID: "alice", signaling: "nats", natsUrl: "http://127.0.0.1:8222" });
  const line = statusLine(page, /The demo failed to start/);
  await line.waitFor();
  assert.match(await line.textContent(), /^The demo failed to start: natsSignaling\.servers: must be ws:\/\/ or wss:\/\/ URLs/);
  s.consoleErrors.length = 0;
});

e2e("the package not built: the status line says to build it instead of staying on Loading…", async (s) => {
  await s.context.route((url) => url.pathname === "/pkg/index.js", (route) => route.fulfill({ status: 404, body: "" }));
  const page = await openDemo(s, { userID: "alice" });
  const line = statusLine(page, /could not load the package/);
  await line.waitFor();
  assert.match(await line.textContent(), /^The demo could not load the package from \/pkg\/ .*: build it with scripts\/build\.sh, or run scripts\/serve\.sh, which builds it\.$/);
  s.consoleErrors.length = 0;
});
