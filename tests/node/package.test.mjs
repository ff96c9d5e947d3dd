// The npm package as users get it: pkg/ (patched by scripts/postbuild.mjs) packed with
// `npm pack`, installed into a scratch project from the tarball (tests/support/packed.mjs: no
// registry), imported from Node without `init` (the "node" export), through
// `callkit-invite/manual` (an error that says to init first), and type-checked through its
// `exports`; its README for the registry and its LICENSE. The browser side (Vite 8 builds an
// app from the same tarball, Chromium renders it) is tests/e2e/app.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT, PKG } from "./support.mjs";
import { pack, installTarball, sh } from "../support/packed.mjs";
import { useSample } from "../../scripts/readme-sample.mjs";

const WASM = "callkit_invite_bg.wasm";
/** The NATS adapter's files, as js/ has them. */
const NATS_ADAPTER = ["nats.js", "nats-subject.js", "nats-options.js", "nats.d.ts"];
const JANUS_ENGINE = ["janus.js", "janus-room.js", "janus.d.ts"];
/** The entries (js/, minified by postbuild) and their declarations (copied as written). */
const ENTRIES = ["index.js", "node.js", "manual.js"];
const ENTRY_TYPES = ["index.d.ts", "manual.d.ts"];

let packing; // { tmp, pkg, tarball, packed }
let app;
const version = () => JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8")).version;

before(async () => {
  packing = await pack(PKG);
  app = path.join(packing.tmp, "app");
  fs.mkdirSync(app);
  await installTarball(app, packing.tarball);
});

after(() => {
  if (packing) fs.rmSync(packing.tmp, { recursive: true, force: true });
});

/** Runs `code` as an ES module in the scratch app (`node --input-type=module -e`); resolves its last line, parsed. */
async function nodeEval(code) {
  const { stdout } = await sh(process.execPath, ["--input-type=module", "-e", code], app, { timeout: 30_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

test("postbuild: the entries in exports (node / default, manual), the wasm, the NATS adapter; main, types, sideEffects; files complete; idempotent", async () => {
  const pkgJson = JSON.parse(fs.readFileSync(path.join(packing.pkg, "package.json"), "utf8"));
  const original = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));
  for (const key of ["name", "version", "description", "license"]) assert.deepEqual(pkgJson[key], original[key], key);
  assert.equal(pkgJson.type, "module");
  assert.deepEqual(pkgJson.exports, {
    ".": { types: "./index.d.ts", node: "./node.js", default: "./index.js" },
    "./manual": { types: "./manual.d.ts", default: "./manual.js" },
    "./callkit_invite_bg.wasm": "./callkit_invite_bg.wasm",
    "./nats": { types: "./nats.d.ts", default: "./nats.js" },
    "./janus": { types: "./janus.d.ts", default: "./janus.js" },
    "./package.json": "./package.json",
  });
  assert.equal(pkgJson.main, "index.js");
  assert.equal(pkgJson.types, "index.d.ts");
  // A bundler that took the self-starting entries for side-effect free could drop their `await init()`.
  for (const f of ["./index.js", "./node.js"]) assert.ok(pkgJson.sideEffects.includes(f), `sideEffects lists ${f}: ${pkgJson.sideEffects}`);
  const dev = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  assert.deepEqual(pkgJson.dependencies, { "@nats-io/nats-core": `^${dev.devDependencies["@nats-io/nats-core"]}` });
  for (const f of [...ENTRIES, ...ENTRY_TYPES, "callkit_invite.js", "callkit_invite.d.ts", WASM, ...NATS_ADAPTER, ...JANUS_ENGINE, "LICENSE", "README.md"]) {
    assert.ok(pkgJson.files.includes(f), `${f} in files`);
  }
  for (const f of [...NATS_ADAPTER, ...JANUS_ENGINE, ...ENTRY_TYPES, "LICENSE"]) {
    const from = f === "LICENSE" ? f : path.join("js", f);
    assert.equal(fs.readFileSync(path.join(packing.pkg, f), "utf8"), fs.readFileSync(path.join(ROOT, from), "utf8"), `${f} ships as written`);
  }
  for (const f of ENTRIES) {
    const shipped = fs.readFileSync(path.join(packing.pkg, f), "utf8");
    assert.ok(shipped.length < fs.readFileSync(path.join(ROOT, "js", f), "utf8").length, `${f} ships minified`);
  }
  for (const f of original.files ?? []) assert.ok(pkgJson.files.includes(f), `kept ${f}`);
  const before = fs.readFileSync(path.join(packing.pkg, "package.json"), "utf8");
  const readme = fs.readFileSync(path.join(packing.pkg, "README.md"), "utf8");
  await sh(process.execPath, [path.join(ROOT, "scripts/postbuild.mjs"), packing.pkg], ROOT);
  assert.equal(fs.readFileSync(path.join(packing.pkg, "package.json"), "utf8"), before);
  assert.equal(fs.readFileSync(path.join(packing.pkg, "README.md"), "utf8"), readme);
});

test("npm pack ships LICENSE, README.md, the entries with their types, the glue and its snippet, the wasm, the NATS adapter and the README's pictures; nothing else", () => {
  const files = packing.packed.files.map((f) => f.path).sort();
  const pictures = files.filter((f) => f.startsWith("docs/"));
  // The glue's inline JS snippets (the ZegoUIKitLanguage object): the glue imports them.
  const snippets = files.filter((f) => /^snippets\/callkit-invite-[0-9a-f]+\/inline\d+\.js$/.test(f));
  assert.ok(snippets.length >= 1, "the glue's snippet ships");
  const expected = ["package.json", "LICENSE", "README.md", ...ENTRIES, ...ENTRY_TYPES, "callkit_invite.js", "callkit_invite.d.ts",
    WASM, "callkit_invite_bg.wasm.d.ts", ...NATS_ADAPTER, ...JANUS_ENGINE, ...pictures, ...snippets].sort();
  assert.deepEqual(files, expected);
  assert.ok(pictures.length >= 1 && pictures.length <= 4 && pictures.every((f) => /^docs\/[\w.-]+\.png$/.test(f)), `a few pictures: ${pictures}`);
  // A reasonable download: the wasm is most of it.
  assert.ok(packing.packed.size < 400_000, `the tarball is ${packing.packed.size} B`);
});

test("LICENSE is the MIT license, as package.json and Cargo.toml say", () => {
  const license = fs.readFileSync(path.join(packing.pkg, "LICENSE"), "utf8");
  assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} /);
  assert.match(license, /Permission is hereby granted, free of charge/);
  assert.equal(JSON.parse(fs.readFileSync(path.join(packing.pkg, "package.json"), "utf8")).license, "MIT");
  assert.match(fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8"), /^license = "MIT"$/m);
});

test("the npm README starts with install and use, shows the repository README's Use sample, and links only what resolves on the registry page", () => {
  const readme = fs.readFileSync(path.join(packing.pkg, "README.md"), "utf8");
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(headings.slice(0, 2), ["Install", "Use"], `the sections: ${headings}`);
  assert.match(readme, /```sh\nnpm install callkit-invite\n```/);
  const sample = useSample(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  assert.ok(readme.includes(`## Use\n\n\`\`\`js\n${sample}\`\`\``), "the npm README's Use block is the README's");
  assert.doesNotMatch(readme, /\{\{|scripts\/|cargo |wasm-pack/, "no placeholder and no development command");
  // Pictures: absolute URLs of this version on unpkg.com, whose files are in the tarball.
  const shipped = new Set(packing.packed.files.map((f) => f.path));
  const pictures = [...readme.matchAll(/!\[[^\]]+\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(pictures.length >= 1, "the README shows the UI");
  for (const url of pictures) {
    const m = /^https:\/\/unpkg\.com\/callkit-invite@([^/]+)\/(docs\/[\w.-]+\.png)$/.exec(url);
    assert.ok(m, `${url} is an unpkg.com URL of the package`);
    assert.equal(m[1], version(), `${url} names this version`);
    assert.ok(shipped.has(m[2]), `${m[2]} is in the tarball`);
  }
  // Other links: absolute, or anchors of the page itself (relative ones break on the registry).
  for (const [, url] of readme.matchAll(/(?<!!)\[[^\]]+\]\(([^)\s]+)\)/g)) {
    assert.match(url, /^(https:\/\/|#)/, `${url} resolves on the registry page`);
  }
});

test("Node: import(\"callkit-invite\") from the tarball works without init (the wasm read from the package's file); init() again is harmless", async () => {
  const installed = path.join(app, "node_modules/callkit-invite");
  assert.deepEqual(fs.readFileSync(path.join(installed, WASM)), fs.readFileSync(path.join(PKG, WASM)));
  const out = await nodeEval(`
import("callkit-invite").then(async ({ CallKit, default: init, initSync }) => {
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
  const again = await init(); // what code written for a manual start does
  const carol = kit("carol");
  const same = alice.getRoomID() === bob.getRoomID();
  const { natsSignaling, natsSubject } = await import("callkit-invite/nats");
  const nats = { subject: natsSubject("1234567", "bob.smith"), methods: Object.keys(natsSignaling({ servers: "wss://nats.example.com" })).sort() };
  console.log(JSON.stringify({ version: CallKit.getVersion(), video: CallKit.InvitationTypeVideoCall, result, log, same,
    again: typeof again, initSync: typeof initSync, stillWorks: carol.getRoomID(), nats, resolved: import.meta.resolve("callkit-invite") }));
  alice.destroy(); bob.destroy(); carol.destroy();
});`);
  assert.deepEqual(out, {
    version: version(), video: 1, result: { errorInvitees: [] }, log: ["bob"], same: true,
    again: "object", initSync: "function", stillWorks: "",
    nats: { subject: "callkit.1234567.u.bob_2Esmith", methods: ["send", "subscribe"] },
    resolved: new URL(`file://${path.join(installed, "node.js")}`).href,
  });
});

test("callkit-invite/manual: before init, CallKit.create throws 'not initialised' with code NOT_INITIALISED; initSync then works, and makes the same kits as the main entry's", async () => {
  const out = await nodeEval(`
import fs from "node:fs";
const { CallKit, initSync } = await import("callkit-invite/manual");
const caught = {};
for (const [name, use] of Object.entries({
  create: () => CallKit.create({ appID: 1, userID: "alice" }),
  generateKitTokenForTest: () => CallKit.generateKitTokenForTest(1, "s", null, "alice"),
  getVersion: () => CallKit.getVersion(),
  InvitationTypeVideoCall: () => CallKit.InvitationTypeVideoCall,
})) {
  try { use(); caught[name] = "no error"; } catch (e) { caught[name] = { type: e.constructor.name, message: e.message, code: e.code }; }
}
initSync({ module: fs.readFileSync(new URL(import.meta.resolve("callkit-invite/callkit_invite_bg.wasm"))) });
const kit = CallKit.create({ appID: 1, userID: "alice" });
const main = await import("callkit-invite");
// The main entry hands out the glue's class itself; /manual, a guard in front of it: one kit class.
const other = main.CallKit.create({ appID: 1, userID: "bob" });
console.log(JSON.stringify({ caught, after: kit.getRoomID(), isKit: kit instanceof CallKit, same: kit instanceof main.CallKit && other instanceof CallKit }));
kit.destroy();
other.destroy();`);
  const notInitialised = { type: "Error", message: "callkit-invite is not initialised: await init() first", code: "NOT_INITIALISED" };
  assert.deepEqual(out, {
    caught: { create: notInitialised, generateKitTokenForTest: notInitialised, getVersion: notInitialised, InvitationTypeVideoCall: notInitialised },
    after: "", isKit: true, same: true,
  });
});

test("TypeScript 5 and the latest resolve the installed package's types through its exports (NodeNext and Bundler), default lib", async (t) => {
  // By path: both packages install a `tsc` bin (see scripts/test.sh).
  const compilers = ["typescript5", "typescript"].map((name) => path.join(ROOT, "node_modules", name, "bin/tsc")).filter((f) => fs.existsSync(f));
  if (compilers.length < 2) return t.skip("typescript5 or typescript missing from node_modules (npm ci)");
  fs.writeFileSync(
    path.join(app, "typed.ts"),
    `import { CallKit, type ZegoCallInvitationConfig, type ZegoUser } from "callkit-invite";
import init, { initSync, CallKit as ManualKit } from "callkit-invite/manual";
import { natsSignaling, natsSubject, type NatsSignaling, type NatsSignalingOptions, type NatsSignalingStatus } from "callkit-invite/nats";
const me: ZegoUser = { userID: "alice" };
const config: ZegoCallInvitationConfig = { canInvitingInCalling: true, onCallInvitationEnded: (reason) => console.log(reason) };
const zp: CallKit = CallKit.create({ appID: 1, userID: me.userID });
zp.setCallInvitationConfig(config);
const options: NatsSignalingOptions = { servers: ["wss://nats.example.com"], nkeySeed: "SU…", onStatus: (s: NatsSignalingStatus) => console.log(s) };
const signaling: NatsSignaling = natsSignaling(options);
zp.addPlugins({ signaling });
await init();
export const manual: CallKit = ManualKit.create({ appID: 1, userID: "bob" });
export const sync: typeof initSync = initSync;
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
      await sh(process.execPath, [tsc, "-p", "tsconfig.typed.json"], app, { timeout: 60_000 });
    }
  }
});
