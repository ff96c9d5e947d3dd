// The npm package as users get it: pkg/ (patched by scripts/postbuild.mjs) packed with
// `npm pack`, installed into a scratch project, imported from Node, type-checked through its
// `exports`, and bundled by Vite 7 with the wasm emitted as an asset; the same for the NATS
// adapter (`callkit-invite/nats`) and the client it depends on, `@nats-io/nats-core`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ROOT, PKG } from "./support.mjs";

const run = promisify(execFile);
const WASM = "callkit_invite_bg.wasm";
/** The NATS adapter's files, as js/ has them. */
const NATS_ADAPTER = ["nats.js", "nats-subject.js", "nats-options.js", "nats.d.ts"];
const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|network|getaddrinfo/i;

let tmp;
let offline = null; // the reason, when the registry cannot be reached
let tarball;
let packed; // npm pack --json output
let app;

async function sh(cmd, args, cwd, timeout = 120_000) {
  try {
    return await run(cmd, args, { cwd, timeout, encoding: "utf8", maxBuffer: 32 << 20, env: { ...process.env, npm_config_update_notifier: "false" } });
  } catch (e) {
    e.message = `${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${e.stdout ?? ""}\n${e.stderr ?? ""}\n${e.message}`;
    throw e;
  }
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "callkit-package-"));
  // Patch a copy of pkg/ (the build may or may not have run postbuild already: it is idempotent).
  const pkg = path.join(tmp, "pkg");
  fs.cpSync(PKG, pkg, { recursive: true });
  await sh(process.execPath, [path.join(ROOT, "scripts/postbuild.mjs"), pkg], ROOT);
  const { stdout } = await sh("npm", ["pack", "--json", "--pack-destination", tmp], pkg);
  packed = JSON.parse(stdout)[0];
  tarball = path.join(tmp, packed.filename);

  app = path.join(tmp, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "scratch-app", private: true, type: "module" }, null, 2));
  try {
    await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, "vite@7"], app, 240_000);
  } catch (e) {
    if (NETWORK.test(e.message)) offline = `npm registry unreachable: ${e.message.split("\n").find((l) => NETWORK.test(l))}`;
    else throw e;
  }
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("postbuild: type module, exports for the module, the wasm and the NATS adapter, its client as a dependency, files complete; idempotent", async () => {
  const pkgJson = JSON.parse(fs.readFileSync(path.join(tmp, "pkg/package.json"), "utf8"));
  const original = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));
  for (const key of ["name", "version", "description", "license", "types"]) assert.deepEqual(pkgJson[key], original[key], key);
  assert.equal(pkgJson.type, "module");
  assert.deepEqual(pkgJson.exports, {
    ".": { types: "./callkit_invite.d.ts", default: "./callkit_invite.js" },
    "./callkit_invite_bg.wasm": "./callkit_invite_bg.wasm",
    "./nats": { types: "./nats.d.ts", default: "./nats.js" },
  });
  const dev = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  assert.deepEqual(pkgJson.dependencies, { "@nats-io/nats-core": `^${dev.devDependencies["@nats-io/nats-core"]}` });
  for (const f of ["callkit_invite.js", "callkit_invite.d.ts", WASM, ...NATS_ADAPTER]) assert.ok(pkgJson.files.includes(f), f);
  for (const f of NATS_ADAPTER) {
    assert.equal(fs.readFileSync(path.join(tmp, "pkg", f), "utf8"), fs.readFileSync(path.join(ROOT, "js", f), "utf8"), `${f} ships as written`);
  }
  for (const f of original.files ?? []) assert.ok(pkgJson.files.includes(f), `kept ${f}`);
  const before = fs.readFileSync(path.join(tmp, "pkg/package.json"), "utf8");
  await sh(process.execPath, [path.join(ROOT, "scripts/postbuild.mjs"), path.join(tmp, "pkg")], ROOT);
  assert.equal(fs.readFileSync(path.join(tmp, "pkg/package.json"), "utf8"), before);
});

test("npm pack ships the module, its types, the wasm, and the NATS adapter with its types", () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const f of ["package.json", "callkit_invite.js", "callkit_invite.d.ts", WASM, ...NATS_ADAPTER]) {
    assert.ok(files.includes(f), `${f} in ${files}`);
  }
  assert.ok(!files.some((f) => f.endsWith(".tgz") || f.startsWith("node_modules") || f.startsWith("nats/")), files.join(","));
});

test("installed from the tarball, it imports and runs in Node", async (t) => {
  if (offline) return t.skip(offline);
  const installed = path.join(app, "node_modules/callkit-invite");
  assert.deepEqual(fs.readFileSync(path.join(installed, WASM)), fs.readFileSync(path.join(PKG, WASM)));
  fs.writeFileSync(
    path.join(app, "node-check.mjs"),
    `import fs from "node:fs";
import init, { CallKit } from "callkit-invite";
const wasm = new URL(import.meta.resolve("callkit-invite/${WASM}"));
await init({ module_or_path: fs.readFileSync(wasm) });
const subs = new Map();
const bus = {
  send(text, { to }) { for (const id of to) for (const f of subs.get(id) ?? []) setTimeout(() => f(text)); },
  subscribe(f, { userID }) { subs.set(userID, [...(subs.get(userID) ?? []), f]); return () => {}; },
};
const log = [];
const kit = (id) => { const k = CallKit.create({ appID: 1, userID: id, userName: id }); k.addPlugins({ signaling: bus }); return k; };
const alice = kit("alice"), bob = kit("bob");
bob.setCallInvitationConfig({ onConfirmDialogWhenReceiving: (t, c, refuse, accept) => accept() });
alice.setCallInvitationConfig({ onOutgoingCallAccepted: (id, u) => log.push(u.userID) });
const result = await alice.sendCallInvitation({ callees: [{ userID: "bob" }], callType: CallKit.InvitationTypeVideoCall });
await new Promise((r) => setTimeout(r, 50));
// The NATS adapter and its client, resolved from the installed dependency.
const { natsSignaling, natsSubject } = await import("callkit-invite/nats");
const nats = { subject: natsSubject("1234567", "bob.smith"), methods: Object.keys(natsSignaling({ servers: "wss://nats.example.com" })).sort(), inKit: typeof CallKit.natsSignaling };
console.log(JSON.stringify({ version: CallKit.getVersion(), video: CallKit.InvitationTypeVideoCall, result, log, same: alice.getRoomID() === bob.getRoomID(), nats }));
alice.destroy(); bob.destroy();
`,
  );
  const { stdout } = await sh(process.execPath, ["node-check.mjs"], app, 30_000);
  const out = JSON.parse(stdout.trim().split("\n").at(-1));
  assert.deepEqual(out, {
    version: JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8")).version,
    video: 1,
    result: { errorInvitees: [] },
    log: ["bob"],
    same: true,
    nats: { subject: "callkit.1234567.u.bob_2Esmith", methods: ["send", "subscribe"], inKit: "undefined" },
  });
});

test("TypeScript 5 and the latest resolve the installed package's types through its exports (NodeNext and Bundler), default lib", async (t) => {
  if (offline) return t.skip(offline);
  // By path: both packages install a `tsc` bin (see scripts/test.sh).
  const compilers = ["typescript5", "typescript"].map((name) => path.join(ROOT, "node_modules", name, "bin/tsc")).filter((f) => fs.existsSync(f));
  if (compilers.length < 2) return t.skip("typescript5 or typescript missing from node_modules (npm ci)");
  fs.writeFileSync(
    path.join(app, "typed.ts"),
    `import init, { CallKit, type ZegoCallInvitationConfig, type ZegoUser } from "callkit-invite";
import { natsSignaling, natsSubject, type NatsSignaling, type NatsSignalingOptions, type NatsSignalingStatus } from "callkit-invite/nats";
await init();
const me: ZegoUser = { userID: "alice" };
const config: ZegoCallInvitationConfig = { canInvitingInCalling: true, onCallInvitationEnded: (reason) => console.log(reason) };
const zp: CallKit = CallKit.create({ appID: 1, userID: me.userID });
zp.setCallInvitationConfig(config);
const options: NatsSignalingOptions = { servers: ["wss://nats.example.com"], nkeySeed: "SU…", onStatus: (s: NatsSignalingStatus) => console.log(s) };
const signaling: NatsSignaling = natsSignaling(options);
zp.addPlugins({ signaling });
export const subject: string = natsSubject("1", me.userID);
export const version: string = CallKit.getVersion();
`,
  );
  for (const tsc of compilers) {
    for (const resolution of ["NodeNext", "Bundler"]) {
      const module = resolution === "NodeNext" ? "NodeNext" : "ESNext";
      // The default lib, ES2022 and DOM: no ESNext.Disposable, which `[Symbol.dispose]` would need.
      const compilerOptions = { strict: true, noEmit: true, target: "ES2022", module, moduleResolution: resolution, lib: ["ES2022", "DOM"], types: [], skipLibCheck: false };
      fs.writeFileSync(path.join(app, "tsconfig.typed.json"), JSON.stringify({ compilerOptions, files: ["typed.ts"] }));
      await sh(process.execPath, [tsc, "-p", "tsconfig.typed.json"], app, 60_000);
    }
  }
});

test("Vite 7 bundles a frontend that imports it, emitting the wasm as an asset", async (t) => {
  if (offline) return t.skip(offline);
  fs.writeFileSync(path.join(app, "index.html"), `<!doctype html><html><body><div id="call"></div><script type="module" src="/main.js"></script></body></html>\n`);
  fs.writeFileSync(
    path.join(app, "main.js"),
    `import init, { CallKit } from "callkit-invite";
import wasmUrl from "callkit-invite/${WASM}?url";
await init(location.search.includes("explicit") ? { module_or_path: wasmUrl } : undefined);
const zp = CallKit.create(CallKit.generateKitTokenForTest(1, "secret", null, "alice", "Alice"));
zp.setCallInvitationConfig({ canInvitingInCalling: true });
document.querySelector("#call").textContent = CallKit.getVersion();
if (location.search.includes("nats")) {
  const { natsSignaling } = await import("callkit-invite/nats");
  zp.addPlugins({ signaling: natsSignaling({ servers: "wss://nats.example.com" }) });
}
`,
  );
  const { stdout } = await sh(path.join(app, "node_modules/.bin/vite"), ["build", "--logLevel", "warn"], app, 120_000);
  void stdout;
  const assets = path.join(app, "dist/assets");
  const emitted = fs.readdirSync(assets);
  const wasmAssets = emitted.filter((f) => f.endsWith(".wasm"));
  assert.ok(wasmAssets.length >= 1, `no .wasm asset in ${emitted}`);
  const bytes = fs.readFileSync(path.join(assets, wasmAssets[0]));
  assert.deepEqual(bytes, fs.readFileSync(path.join(PKG, WASM)), "the emitted wasm is the package's");
  assert.ok(WebAssembly.validate(bytes));
  const bundle = emitted.filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(assets, f), "utf8")).join("\n");
  assert.ok(bundle.includes(wasmAssets[0]), "the bundle references the wasm asset");
  assert.ok(bundle.includes("generateKitTokenForTest") || bundle.includes("callkit"), "the bundle contains the glue");
  // The adapter and the CommonJS client it imports, in a chunk of its own, loaded on demand.
  const chunks = emitted.filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(assets, f), "utf8"));
  const natsChunk = chunks.find((c) => c.includes("natsSignaling.send"));
  assert.ok(natsChunk, "a chunk with the NATS adapter");
  assert.ok(natsChunk.includes("unexpected response from server"), "the NATS client bundled with it");
  const kitChunk = chunks.find((c) => c.includes(wasmAssets[0]));
  assert.ok(kitChunk && kitChunk !== natsChunk, "a page without NATS does not load it");
  assert.match(fs.readFileSync(path.join(app, "dist/index.html"), "utf8"), /<script type="module"[^>]*src="\/assets\/[^"]+\.js"/);
});
