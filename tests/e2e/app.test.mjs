// An app made the way users make one: Vite 8 and TypeScript, with callkit-invite installed from
// the packed tarball (tests/support/packed.mjs: `npm pack` of pkg/, no registry; vite linked
// from the repository's node_modules). Its main.ts imports { CallKit } WITHOUT init and renders
// a call. It type-checks with tsc against the tarball's types, `vite build`s, and its dist/,
// served on 127.0.0.1, shows the call in Chromium with no console error; so does the dev server.
// The kit's DOM is found by role (it may live in a shadow root), never with document.querySelector.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { startServer, launchBrowser, acceptsConnections, waitUntil, ROOT, STEP_MS } from "./support.mjs";
import { pack, installTarball, sh } from "../support/packed.mjs";
import { freePort } from "./nats-server.mjs";

const WASM = "callkit_invite_bg.wasm";

/** The app's files: a page with a container, and a main.ts that never calls init. */
const APP = {
  "index.html": `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <title>A Vite app</title>
</head>
<body>
  <main id="call" style="height: 100vh"></main>
  <script type="module" src="/src/main.ts"></script>
</body>
</html>
`,
  "src/main.ts": `import { CallKit, type ZegoCloudRoomConfig } from "callkit-invite";

const container = document.querySelector<HTMLElement>("#call");
if (!container) throw new Error("no #call in the page");
const token = CallKit.generateKitTokenForTest(1234567, "not-a-secret", "room-1", "alice", "Alice");
const zp: CallKit = CallKit.create(token);
const room: ZegoCloudRoomConfig = { container };
zp.joinRoom(room);
document.title = \`callkit-invite \${CallKit.getVersion()}\`;

// The NATS transport, loaded only when asked for: a chunk of its own.
if (location.search.includes("nats")) {
  const { natsSignaling } = await import("callkit-invite/nats");
  zp.addPlugins({ signaling: natsSignaling({ servers: "ws://127.0.0.1:9" }) });
}
`,
  // As create-vite's TypeScript template has it, with the declarations checked too.
  "tsconfig.json": `${JSON.stringify({
    compilerOptions: {
      target: "ES2022", module: "ESNext", moduleResolution: "bundler", lib: ["ES2022", "DOM", "DOM.Iterable"],
      types: ["vite/client"], strict: true, noEmit: true, skipLibCheck: false, verbatimModuleSyntax: true, moduleDetection: "force",
      noUnusedLocals: true, noUnusedParameters: true, noFallthroughCasesInSwitch: true,
    },
    include: ["src"],
  }, null, 2)}\n`,
};

let packing;
let app;
let browser;
/** Runs the app's vite (linked from the repository's node_modules): [command, args]. */
const vite = (...args) => [process.execPath, [path.join(app, "node_modules/vite/bin/vite.js"), ...args]];

before(async () => {
  packing = await pack();
  app = path.join(packing.tmp, "app");
  for (const [file, text] of Object.entries(APP)) {
    fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    fs.writeFileSync(path.join(app, file), text);
  }
  await installTarball(app, packing.tarball, { tools: ["vite"] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  if (packing) fs.rmSync(packing.tmp, { recursive: true, force: true });
});

/** Opens `url` in a new context; resolves what the page showed and said once the call is up. */
async function openCall(url) {
  const context = await browser.newContext();
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(e.stack || e.message));
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  try {
    await page.goto(url);
    try {
      await page.getByRole("button", { name: "Leave call", exact: true }).waitFor({ timeout: 10_000 });
    } catch (err) {
      err.message += `\nthe page said:\n  ${errors.join("\n  ")}`;
      throw err;
    }
    await page.getByRole("group", { name: "Alice", exact: true }).waitFor();
    const result = { title: await page.title(), errors: [...errors] };
    return result;
  } finally {
    await context.close();
  }
}

test("tsc --noEmit: the app's main.ts type-checks against the tarball's declarations", async () => {
  await sh(path.join(ROOT, "node_modules/.bin/tsc"), ["--noEmit", "-p", "."], app, { timeout: 60_000 });
});

test("vite build, dist/ served: the call renders (Leave call, Alice's tile) without init and without a console error", { timeout: 90_000 }, async () => {
  await sh(...vite("build", "--logLevel", "warn"), app, { timeout: 60_000 });
  const assets = fs.readdirSync(path.join(app, "dist/assets"));
  const wasm = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm asset in ${assets}`);
  assert.deepEqual(fs.readFileSync(path.join(app, "dist/assets", wasm[0])), fs.readFileSync(path.join(packing.pkg, WASM)), "the emitted wasm is the package's");
  const chunks = assets.filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(app, "dist/assets", f), "utf8"));
  assert.ok(chunks.every((c) => !c.includes("node:fs")), "the browser bundle has no node:fs (the \"node\" entry stays out)");
  const kitChunk = chunks.find((c) => c.includes(wasm[0]));
  const natsChunk = chunks.find((c) => c.includes("natsSignaling.send"));
  assert.ok(kitChunk && natsChunk && kitChunk !== natsChunk, "the NATS adapter and its client are a chunk of their own");
  assert.ok(natsChunk.includes("unexpected response from server"), "the NATS client is bundled with the adapter");

  const server = await startServer({ root: path.join(app, "dist") });
  try {
    const shown = await openCall(`${server.origin}/`);
    assert.deepEqual(shown, { title: `callkit-invite ${JSON.parse(fs.readFileSync(path.join(packing.pkg, "package.json"), "utf8")).version}`, errors: [] });
  } finally {
    await server.stop();
  }
});

test("vite dev server: the same app renders the call without init and without a console error", { timeout: 60_000 }, async () => {
  const port = await freePort();
  const child = spawn(...vite("--host", "127.0.0.1", "--port", String(port), "--strictPort", "--clearScreen", "false"), { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => { out += d; });
  child.stderr.on("data", (d) => { out += d; });
  try {
    // Readiness is the port answering, not a line of output (vite colours the port when it
    // thinks it has a terminal, and its wording changes between versions).
    await waitUntil(async () => child.exitCode !== null || await acceptsConnections(port), { timeout: 30_000, message: () => `vite to listen on ${port}: ${out}` });
    assert.equal(child.exitCode, null, `vite exited: ${out}`);
    const shown = await openCall(`http://127.0.0.1:${port}/`);
    assert.deepEqual(shown.errors, [], out);
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
});
