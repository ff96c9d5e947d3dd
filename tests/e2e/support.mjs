// Shared plumbing for the end-to-end tests of the demo (www/) and tests/e2e/screenshots.mjs.
//
// - startServer(): scripts/serve.py on a free port (PORT=0), stopped by the returned stop().
// - launchBrowser(): headless Chromium through playwright-core (never downloads a browser).
// - Session: ONE browser context per test, so the users opened in it (tabs) share the
//   BroadcastChannel that the kit uses as its default signaling transport. Every page's
//   console errors, CSP violations and uncaught errors are collected; finish() fails the test
//   on any CSP violation or uncaught page error.
// - e2e(name, opts, fn): a node:test test that makes a Session, runs fn(session, t) and closes it.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { before, after, test } from "node:test";
import assert from "node:assert/strict";

export const ROOT = process.env.CALLKIT_ROOT || resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(ROOT, "package.json"));
const { chromium } = require("playwright-core");

export const AXE_PATH = join(ROOT, "node_modules/axe-core/axe.min.js");

/** The demo's directory of users, in its order. */
export const USERS = {
  alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave", erin: "Erin",
  frank: "Frank", grace: "Grace", heidi: "Heidi", ivan: "Ivan", judy: "Judy",
};

/** Short default timeout for locator actions and waits (ms). */
export const STEP_MS = Number(process.env.E2E_STEP_MS || 5000);

const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync",
];

/**
 * Starts scripts/serve.py on a free port, serving `root` (default: the repository);
 * resolves { origin, base, stop }.
 */
export async function startServer({ root = ROOT } = {}) {
  const child = spawn("python3", [join(ROOT, "scripts/serve.py"), root], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SERVE_QUIET: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const origin = await new Promise((resolveUrl, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve.py did not start in 10 s: ${out}${stderr}`)), 10_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /serving (http:\/\/[^/\s]+)\//.exec(out);
      if (m) { clearTimeout(timer); resolveUrl(m[1]); }
    });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`serve.py exited (${code}): ${stderr}`)); });
  });
  child.stdout.resume();
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  return { origin, base: `${origin}/www/`, stop };
}

/**
 * For calls with media: fake camera and microphone (a test pattern and a beep), WebRTC over
 * loopback candidates (scripts/test.sh runs the e2e layer in a network namespace that has only
 * loopback), and no throttling of background tabs: the tabs of one browser stand in for the
 * users' machines, and each must run, and decode its video, as if it were the front one.
 */
export const MEDIA_ARGS = [
  "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection",
  "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
];

/**
 * Launches headless Chromium (CHROMIUM_PATH or /usr/bin/chromium). `media: true` adds
 * MEDIA_ARGS, and no `--use-fake-ui-for-media-stream`: camera and microphone are what each
 * context grants (newContext's `permissions`), so one context can deny the camera while
 * another has both, as users do; a request the context does not grant is refused.
 */
export function launchBrowser({ media = false } = {}) {
  const args = media ? [...CHROMIUM_ARGS, ...MEDIA_ARGS] : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args });
}

/** True once something accepts TCP connections on 127.0.0.1:`port` (a server that is up). */
export function acceptsConnections(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

/** True when a console text reports a Content Security Policy violation. */
export const isCspMessage = (text) => /content security policy/i.test(text);

/**
 * Polls `fn` until it returns a truthy value; on timeout throws `message` (a string, or a
 * function called then, so it can describe the final state) plus the last value.
 */
export async function waitUntil(fn, { timeout = STEP_MS, interval = 50, message = "condition" } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) {
      const what = typeof message === "function" ? await Promise.resolve().then(message).catch((e) => `(${e.message})`) : message;
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** One browser context with its users' tabs and what their consoles said. */
export class Session {
  constructor(browser, base, context) {
    this.browser = browser;
    this.base = base;
    this.context = context;
    this.pages = new Map();
    /** Console errors (non-CSP), per tab. */
    this.consoleErrors = [];
    /** Console warnings, per tab (reported, never fatal). */
    this.warnings = [];
    /** CSP violations: console messages and `securitypolicyviolation` events. */
    this.csp = [];
    /** Uncaught errors and unhandled rejections in the pages. */
    this.pageErrors = [];
  }

  static async create(browser, base, { viewport = { width: 1280, height: 800 }, ...options } = {}) {
    const context = await browser.newContext({ viewport, ...options });
    context.setDefaultTimeout(STEP_MS);
    // Runs before any page script and outside the page's CSP: records violation events too,
    // in every frame (the playground's iframes included).
    await context.addInitScript(kitQuery);
    await context.addInitScript(() => {
      globalThis.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        globalThis.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    return new Session(browser, base, context);
  }

  /** Attaches the console and error collectors to `page`, labelled `label`. */
  watch(page, label) {
    page.on("console", (m) => {
      const text = `${label}: ${m.text()}`;
      if (isCspMessage(m.text())) this.csp.push(text);
      else if (m.type() === "error") this.consoleErrors.push(text);
      else if (m.type() === "warning") this.warnings.push(text);
    });
    page.on("pageerror", (e) => this.pageErrors.push(`${label}: ${e.stack || e.message}`));
    return page;
  }

  /** A new tab at `path` (relative to /www/). */
  async goto(path, label = path) {
    const page = this.watch(await this.context.newPage(), label);
    await page.goto(new URL(path, this.base).href);
    return page;
  }

  /**
   * Opens the demo as `userID` in a new tab of this context and waits until it is ready.
   * `params`: more query parameters of the demo (`{ media: "off" }`, `{ camera: "off" }`, …),
   * or `[name, value]` pairs when a parameter repeats.
   */
  async open(userID, userName = USERS[userID] ?? userID, params = {}) {
    const query = new URLSearchParams([["userID", userID], ["userName", userName], ...(Array.isArray(params) ? params : Object.entries(params))]);
    const page = await this.goto(`index.html?${query}`, userID);
    await page.waitForSelector("body[data-ready=true]");
    this.pages.set(userID, page);
    return page;
  }

  /** Opens several users; resolves their pages in the same order. */
  async users(...ids) {
    const out = [];
    for (const id of ids) out.push(await this.open(id));
    return out;
  }

  /** CSP violation events recorded inside every frame of every open page. */
  async cspEvents() {
    const out = [];
    for (const page of this.context.pages()) {
      for (const frame of page.frames()) {
        const list = await frame.evaluate(() => globalThis.__cspViolations ?? []).catch(() => []);
        out.push(...list.map((v) => `${frame.url()}: ${v}`));
      }
    }
    return out;
  }

  /** Everything collected, as a readable block. */
  report() {
    const parts = [];
    for (const [title, list] of [["CSP violations", this.csp], ["page errors", this.pageErrors],
      ["console errors", this.consoleErrors], ["console warnings", this.warnings]]) {
      if (list.length) parts.push(`${title}:\n  ${list.join("\n  ")}`);
    }
    return parts.join("\n");
  }

  /** Fails on any CSP violation or uncaught page error. */
  async assertClean() {
    this.csp.push(...(await this.cspEvents()));
    assert.deepEqual({ csp: this.csp, pageErrors: this.pageErrors }, { csp: [], pageErrors: [] },
      `the demo must run under its CSP without uncaught errors\n${this.report()}`);
  }

  async close() {
    await this.context.close().catch(() => {});
  }
}

/**
 * Sets up one server and one browser for the calling test file (before/after hooks) and
 * returns `e2e(name, opts, fn)`: a test that gets a fresh Session (one context) and fails on
 * CSP violations or page errors after `fn` passes. `opts.context` goes to newContext.
 * `browserOptions` go to launchBrowser (`{ media: true }`); `e2e.browser()` and
 * `e2e.server()` give the file's browser and server to tests that need more than a Session.
 */
export function suite(browserOptions = {}) {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser(browserOptions);
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
  });
  function e2e(name, opts, fn) {
    if (typeof opts === "function") [opts, fn] = [{}, opts];
    const { context: contextOptions, timeout = 30_000, ...testOptions } = opts;
    return test(name, { timeout, ...testOptions }, async (t) => {
      const s = await Session.create(browser, server.base, contextOptions);
      s.origin = server.origin;
      try {
        try {
          await fn(s, t);
        } catch (err) {
          const collected = s.report();
          if (collected) err.message += `\n--- collected from the pages ---\n${collected}`;
          throw err;
        }
        await s.assertClean();
        for (const line of s.report().split("\n").filter(Boolean)) t.diagnostic(line);
      } finally {
        await s.close();
      }
    });
  }
  e2e.browser = () => browser;
  e2e.server = () => server;
  return e2e;
}

// ---- Helpers for the kit's UI (names and roles from SPEC §4) ----

/**
 * Switches to `page`'s tab, as a user would before clicking in it. Needed for speed, too:
 * Chromium only animates the front tab, so Playwright's "stable" check on a background tab's
 * element waits ~2 s for an animation frame.
 */
export async function front(page) {
  await page.bringToFront();
  return page;
}

/** The call page of `page`. */
export const callPage = (page) => page.locator(".cki-call");

/** The accessible names of the tiles (`role="group"`) in the call page, in order. */
export async function tileNames(page) {
  return callPage(page).getByRole("group").evaluateAll((tiles) => tiles.map((t) => t.getAttribute("aria-label")));
}

/** Waits until the call page of `page` shows exactly these participant tiles and no waiting tile. */
export async function waitForParticipants(page, names, label = "page") {
  const want = [...names].sort();
  await waitUntil(async () => {
    const got = await callPage(page).getByRole("group").evaluateAll((tiles) =>
      tiles.map((t) => ({ name: t.getAttribute("aria-label"), waiting: t.classList.contains("cki-waiting") || /Calling…/.test(t.textContent) })));
    const participants = got.filter((g) => !g.waiting).map((g) => g.name).sort();
    return got.length === want.length && JSON.stringify(participants) === JSON.stringify(want) ? got : false;
  }, { message: async () => `${label} to show exactly the participant tiles ${want.join(", ")}; it shows ${JSON.stringify(await tileNames(page))}` });
}

/** The toast (inside a `role="status"` region of the kit) with `text`. */
export const toast = (page, text) => page.locator(".cki-toasts").and(page.getByRole("status")).getByText(text, { exact: true });

/**
 * `page` accepts the invitation ringing on it (waiting up to `timeout` ms, default the step
 * timeout, for it to ring); resolves the incoming-call dialog.
 */
export async function accept(page, { timeout } = {}) {
  const dialog = page.getByRole("alertdialog");
  await dialog.waitFor({ timeout });
  await front(page);
  await dialog.getByRole("button", { name: "Accept", exact: true }).click();
  return dialog;
}

/** `caller` calls `calleeName` with the demo's "Video call <Name>" button; the callee accepts. */
export async function callAndAccept(callerPage, calleePage, calleeName) {
  await front(callerPage);
  await callerPage.getByRole("button", { name: `Video call ${calleeName}`, exact: true }).click();
  const dialog = await accept(calleePage);
  await dialog.waitFor({ state: "detached" });
  await callPage(callerPage).waitFor();
  await callPage(calleePage).waitFor();
}

/** Opens "More" → "Invite members" with the mouse; resolves the sidebar. */
export async function openInvitees(page) {
  await front(page);
  await page.getByRole("button", { name: "More", exact: true }).click();
  await page.getByRole("menuitem", { name: "Invite members", exact: true }).click();
  const sidebar = page.getByRole("dialog", { name: "Invitees", exact: true });
  await sidebar.waitFor();
  return sidebar;
}

/** In an open sidebar, leaves only `names` checked (enabled rows) and presses "Invite (n)". */
export async function inviteOnly(sidebar, names) {
  await front(sidebar.page());
  const boxes = sidebar.getByRole("checkbox");
  const n = await boxes.count();
  for (let i = 0; i < n; i++) {
    const box = boxes.nth(i);
    if (await box.isDisabled()) continue;
    const name = await box.evaluate((b) => b.closest("label")?.textContent.trim());
    if (names.includes(name)) await box.check();
    else await box.uncheck();
  }
  const invite = sidebar.getByRole("button", { name: /^Invite/ });
  await waitUntil(async () => (await invite.textContent())?.includes(`(${names.length})`), { message: `the invite button to show (${names.length})` });
  await invite.click();
}

/**
 * An init script: `kitAll(selector, scope = document)`, the elements matching `selector` in
 * `scope` and inside the kit's shadow roots (`<callkit-invite>` hosts) under it; `kitOne`, the
 * first of them; `deepActive()`, the element that has focus, inside a shadow root too (the
 * document's `activeElement` is only the host). Role locators of playwright see through open
 * shadow roots by themselves; these are for `page.evaluate`.
 */
export function kitQuery() {
  const kitAll = (selector, scope = document) => {
    const out = [...scope.querySelectorAll(selector)];
    for (const host of scope.querySelectorAll("callkit-invite")) if (host.shadowRoot) out.push(...kitAll(selector, host.shadowRoot));
    return out;
  };
  globalThis.kitAll = kitAll;
  globalThis.kitOne = (selector, scope) => kitAll(selector, scope)[0] ?? null;
  globalThis.deepActive = () => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a;
  };
}

/** The element that has focus in `page`, described for messages. */
export const activeDescription = (page) => page.evaluate(() => {
  const a = deepActive();
  if (!a) return "nothing";
  return `${a.tagName.toLowerCase()}[${a.getAttribute("aria-label") ?? a.textContent.trim().slice(0, 40)}]${a.className ? "." + a.className : ""}`;
});

/** Waits until `locator`'s element has focus. */
export async function waitForFocus(page, locator, what) {
  const handle = await locator.elementHandle();
  await waitUntil(() => page.evaluate((el) => deepActive() === el, handle),
    { message: async () => `focus on ${what}; focus is on ${await activeDescription(page)}` });
}

/** The demo's app ID (www/main.js). */
export const DEMO_APP_ID = 1234567;

/** Invitees of crowdCall that no kit answers: they stay "Calling…". One name is long on purpose. */
export const NOBODY = [
  ["kate", "Kate"], ["liam", "Liam"], ["mona", "Mona"], ["nate", "Nate"], ["olga", "Olga"],
  ["paul", "Paul"], ["quinn", "Quinn"], ["rosa", "Rosalind Featherstonehaugh-Wolfe"], ["sam", "Sam"],
].map(([userID, userName]) => ({ userID, userName }));

/**
 * Puts the demo opened as Alice in `page` into a call of `participants` users (Alice and the
 * next ones of the directory, 2 to 10) and `waiting` invitees who never answer (0 to 9), all in
 * this ONE tab: the other members are kits made inside the page, on the demo's
 * BroadcastChannel, whose incoming dialog accepts at once and whose UI is kept off-screen; the
 * waiting invitees are user IDs no kit listens to, invited by Alice (so their tiles have
 * "Cancel call") with a 10-minute timeout. Alice's room config is the demo's with room for
 * everyone (`maxUsers` 20). Called again on the same page, it grows the call to the new numbers.
 * Resolves once the call page shows exactly that many tiles of each kind.
 */
export async function crowdCall(page, { participants = 10, waiting = 9 } = {}) {
  assert.ok(participants >= 2 && participants <= 10 && waiting >= 0 && waiting <= 9, "crowdCall: 2 to 10 participants, 0 to 9 waiting");
  const directory = Object.entries(USERS).map(([userID, userName]) => ({ userID, userName }));
  await page.evaluate(async ({ directory, participants, waiting, nobody, appID }) => {
    const { CallKit } = await import(new URL("../pkg/callkit_invite.js", location.href).href);
    const others = directory.slice(1);
    if (!globalThis.crowd) {
      const stage = document.querySelector("#stage");
      const offstage = document.body.appendChild(document.createElement("div"));
      offstage.hidden = true;
      globalThis.crowd = { kits: [], waiting: 0, offstage, alicesLayer: document.querySelector("body > callkit-invite") };
      globalThis.zp.setCallInvitationConfig({
        onSetRoomConfigBeforeJoining: () => ({
          container: stage,
          maxUsers: 20,
          // Ten kits in one page: the layout is tested, not the media (tests/e2e/media.test.mjs).
          builtInMedia: false,
          callingInvitationListConfig: { waitingSelectUsers: others },
          onJoinRoom: () => stage.classList.add("in-call"),
          onLeaveRoom: () => stage.classList.remove("in-call"),
        }),
      });
    }
    const crowd = globalThis.crowd;
    const members = others.slice(crowd.kits.length, participants - 1);
    for (const u of members) {
      const kit = CallKit.create({ appID, ...u });
      // Its layer (toasts) goes off-screen with its call page.
      for (const layer of document.querySelectorAll("body > callkit-invite")) if (layer !== crowd.alicesLayer) crowd.offstage.append(layer);
      kit.setCallInvitationConfig({
        enableCustomCallInvitationDialog: true,
        onConfirmDialogWhenReceiving: (_type, _caller, _refuse, accept) => accept(),
        onSetRoomConfigBeforeJoining: () => ({ container: crowd.offstage, builtInMedia: false }),
      });
      crowd.kits.push(kit);
    }
    const video = CallKit.InvitationTypeVideoCall;
    if (members.length) await globalThis.zp.sendCallInvitation({ callees: members, callType: video });
    const ringing = nobody.slice(crowd.waiting, waiting);
    crowd.waiting = Math.max(crowd.waiting, waiting);
    if (ringing.length) await globalThis.zp.sendCallInvitation({ callees: ringing, callType: video, timeout: 600 });
  }, { directory, participants, waiting, nobody: NOBODY, appID: DEMO_APP_ID });
  const grid = page.locator("#stage .cki-call .cki-grid");
  await waitUntil(async () => {
    const n = await grid.evaluate((g) => ({ p: g.querySelectorAll(".cki-tile:not(.cki-waiting)").length, w: g.querySelectorAll(".cki-waiting").length }));
    return n.p === participants && n.w === waiting;
  }, { timeout: 10_000, message: async () => `${participants} participant and ${waiting} waiting tiles; the call page shows ${JSON.stringify(await tileNames(page))}` });
}

/**
 * LAYOUT ONLY (tests and screenshots), for builds whose tiles lack the media elements (SPEC §8):
 * gives each participant tile in `page`'s call page a `<video class="cki-video">`, a
 * "Microphone off" badge and a "Reconnecting…" status when it has none, as the kit's markup
 * will, then shows on tile i (0-based) the video when `video(i)` (fed a drawn test picture
 * when `picture`; own tile mirrored), the badge when `micOff(i)`, the status when
 * `reconnecting(i)`. The kit knows nothing of this: only how the tiles lay out is tested.
 */
export async function showMedia(page, { video = () => true, micOff = () => true, reconnecting = () => false, picture = false } = {}) {
  const show = await page.evaluate(() => kitAll(".cki-call .cki-tile:not(.cki-waiting)", document.querySelector("#stage")).map((_, i) => i));
  const wanted = show.map((i) => ({ video: video(i), micOff: micOff(i), reconnecting: reconnecting(i) }));
  await page.evaluate(({ wanted, picture }) => {
    const tiles = kitAll(".cki-call .cki-tile:not(.cki-waiting)", document.querySelector("#stage"));
    tiles.forEach((tile, i) => {
      if (!tile.querySelector(".cki-video")) {
        tile.insertAdjacentHTML("beforeend", `<video class="cki-video${i ? "" : " cki-mirror"}" playsinline autoplay muted hidden></video>`
          + `<span class="cki-mic-off" role="img" aria-label="Microphone off" hidden><svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" d="M9 9v2a3 3 0 0 0 5 2.2M15 10V5a3 3 0 0 0-5.8-1M19 11a7 7 0 0 1-1 3.6M5 11a7 7 0 0 0 11 5.7M12 18v3M3 3l18 18"/></svg></span>`
          + `<span class="cki-tile-status" hidden>Reconnecting…</span>`);
      }
      const want = wanted[i];
      const v = tile.querySelector(".cki-video");
      v.hidden = !want.video;
      if (want.video && picture && !v.srcObject) {
        const canvas = Object.assign(document.createElement("canvas"), { width: 320, height: 180 });
        const g = canvas.getContext("2d");
        const hue = (i * 47 + 30) % 360;
        const draw = () => {
          g.fillStyle = `hsl(${hue} 30% 36%)`; // flat colours keep the PNGs small
          g.fillRect(0, 0, 320, 180);
          g.fillStyle = `hsl(${hue} 20% 82%)`;
          g.beginPath(); g.arc(160, 78, 34, 0, 7); g.fill();
          g.beginPath(); g.ellipse(160, 190, 80, 62, 0, 0, 7); g.fill();
        };
        draw();
        v.srcObject = canvas.captureStream(5);
        setInterval(draw, 200); // a canvas stream sends frames when the canvas is drawn
      }
      tile.querySelector(".cki-mic-off").hidden = !want.micOff;
      tile.querySelector(".cki-tile-status").hidden = !want.reconnecting;
    });
  }, { wanted, picture });
}
