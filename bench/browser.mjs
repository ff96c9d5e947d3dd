// Headless Chromium for the benchmarks: Debian's, through playwright-core, with the flags of
// tests/e2e/support.mjs plus unthrottled frames and precise memory figures.
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * The e2e tests' flags, and: frames are not held to a 60 Hz tick (`--disable-frame-rate-limit`,
 * `--disable-gpu-vsync`), so "until the next animation frame" measures work, not the wait for
 * the tick (0 to 16.7 ms on a display); and `performance.memory` is not rounded.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync",
  "--disable-frame-rate-limit", "--disable-gpu-vsync", "--enable-precise-memory-info",
];

/** `extraArgs`: the media part adds the e2e tests' MEDIA_ARGS (fake devices, loopback ICE). */
export function launch(root, extraArgs = []) {
  const { chromium } = createRequire(join(root, "package.json"))("playwright-core");
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Collects `page`'s uncaught errors and console errors into `errors`, labelled. */
export function watch(page, label, errors) {
  page.on("pageerror", (e) => errors.push(`${label}: ${e.stack || e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${label}: console: ${m.text()}`); });
  return page;
}

/**
 * Opens bench/call.html as `userID` in a new tab of `context`, with `query` added to its
 * address (`{ media: "janus", janusUrl }`); resolves once it is ready.
 */
export async function openUser(context, origin, userID, errors, query = {}) {
  const page = watch(await context.newPage(), userID, errors);
  await page.goto(`${origin}/bench/call.html?${new URLSearchParams({ userID, ...query })}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  return page;
}

/** `caller` calls `callee` (both bench/call.html tabs) and the callee accepts. */
export async function callAndAccept(caller, callee, calleeID) {
  await callee.evaluate(() => bench.arm("ring", "dialog"));
  await caller.evaluate((id) => bench.call(id), calleeID);
  await callee.evaluate(() => bench.take("ring"));
  await callee.evaluate(() => bench.answer("Accept"));
  await caller.evaluate(() => bench.inCall());
  await callee.evaluate(() => bench.inCall());
}
