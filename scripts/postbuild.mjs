#!/usr/bin/env node
// Patches pkg/ after `wasm-pack build --target web`, so that it is the npm package:
//   - the entries (js/, minified here; their docs are their .d.ts): `callkit-invite` starts the
//     wasm on import (index.js: top-level await, fetch; node.js under the "node" condition: the
//     file read with node:fs), `callkit-invite/manual` does not (manual.js: `init` first; the
//     kit says so until then). The generated glue (callkit_invite.js) is left as wasm-bindgen
//     wrote it, only minified; the entries import it;
//   - the NATS adapter (`callkit-invite/nats`: js/nats.js, the two modules it imports and
//     js/nats.d.ts, copied as they are) and its client as a dependency, `@nats-io/nats-core`, at
//     the version the dev package.json pins (as a caret range);
//   - the Janus media engine (`callkit-invite/janus`: js/janus.js, js/janus-room.js and
//     js/janus.d.ts, copied as they are; no dependency);
//   - LICENSE, and README.md generated from docs/npm-README.md (`{{version}}` and the README's
//     "Use" sample, `{{use-sample}}`, filled in), with
//     the pictures it shows (docs/*.png, which it links by absolute unpkg.com URLs of this
//     version, so that they show on the registry's page);
//   - package.json: what wasm-pack wrote (name, version, description, license, ...) plus
//     "type": "module", "exports", "main"/"types", "sideEffects" (the self-starting entries
//     must not be dropped by tree-shaking) and "files".
// Idempotent. Usage: node scripts/postbuild.mjs [pkg-dir]   (default: <repo>/pkg)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { useSample } from "./readme-sample.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.resolve(process.argv[2] ?? path.join(root, "pkg"));
const file = path.join(dir, "package.json");

function fail(message) {
  console.error(`postbuild: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(file)) fail(`no ${file}: run wasm-pack build first`);
const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
for (const key of ["name", "version"]) {
  if (typeof pkg[key] !== "string" || pkg[key] === "") fail(`package.json has no ${key}`);
}

// wasm-pack names the outputs after the crate: callkit_invite.js, callkit_invite_bg.wasm, ...
const base = pkg.name.replace(/^@[^/]+\//, "").replace(/-/g, "_");
const js = `${base}.js`;
const dts = `${base}.d.ts`;
const wasm = `${base}_bg.wasm`;
const wasmDts = `${base}_bg.wasm.d.ts`;
for (const f of [js, dts, wasm]) {
  if (!fs.existsSync(path.join(dir, f))) fail(`expected ${f} in ${dir}`);
}

// The NATS adapter: plain JS over the official client, next to the build.
const NATS_ADAPTER = ["nats.js", "nats-subject.js", "nats-options.js", "nats.d.ts"];
for (const f of NATS_ADAPTER) fs.copyFileSync(path.join(root, "js", f), path.join(dir, f));
const NATS_CLIENT = "@nats-io/nats-core";
const devPkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const natsVersion = devPkg.devDependencies?.[NATS_CLIENT];
if (!/^\d+\.\d+\.\d+$/.test(natsVersion ?? "")) fail(`package.json must pin ${NATS_CLIENT} (an exact x.y.z version), found ${natsVersion}`);

// The Janus media engine: plain JS, no dependency.
const JANUS_ENGINE = ["janus.js", "janus-room.js", "janus.d.ts"];
for (const f of JANUS_ENGINE) fs.copyFileSync(path.join(root, "js", f), path.join(dir, f));

// The entries: the module's own, and their types.
const ENTRIES = ["index.js", "node.js", "manual.js"];
const ENTRY_TYPES = ["index.d.ts", "manual.d.ts"];
for (const f of ENTRY_TYPES) fs.copyFileSync(path.join(root, "js", f), path.join(dir, f));
await minifyEntries(ENTRIES);

// LICENSE, and the README for the registry's page with the pictures it shows.
fs.copyFileSync(path.join(root, "LICENSE"), path.join(dir, "LICENSE"));
const pictures = writeReadme();

const files = Array.isArray(pkg.files) ? [...pkg.files] : [];
for (const f of [...ENTRIES, ...ENTRY_TYPES, js, dts, wasm, wasmDts, ...NATS_ADAPTER, ...JANUS_ENGINE, "LICENSE", "README.md", ...pictures]) {
  if (!files.includes(f)) files.push(f);
}
// Inline JS snippets (`#[wasm_bindgen(module = ...)]`), when there are any, ship too.
if (fs.existsSync(path.join(dir, "snippets")) && !files.some((f) => f.replace(/\/$/, "") === "snippets")) files.push("snippets/");

// Rebuild the object in a stable order, keeping every field wasm-pack wrote.
const patched = {
  name: pkg.name,
  type: "module",
  description: pkg.description,
  version: pkg.version,
  license: pkg.license,
  ...pkg,
  files,
  main: "index.js",
  types: "index.d.ts",
  // "node" before "default": Node (and SSR) get the entry that reads the wasm with node:fs;
  // browsers and their bundlers, which never set "node", the one that fetches it.
  exports: {
    ".": { types: "./index.d.ts", node: "./node.js", default: "./index.js" },
    "./manual": { types: "./manual.d.ts", default: "./manual.js" },
    [`./${wasm}`]: `./${wasm}`,
    "./nats": { types: "./nats.d.ts", default: "./nats.js" },
    "./janus": { types: "./janus.d.ts", default: "./janus.js" },
    "./package.json": "./package.json",
  },
  // The entries that start the wasm: a bundler that took them for side-effect free could skip
  // them and hand `CallKit` over from manual.js uninitialised.
  sideEffects: [...new Set(["./index.js", "./node.js", ...(Array.isArray(pkg.sideEffects) ? pkg.sideEffects : [])])],
  dependencies: { ...pkg.dependencies, [NATS_CLIENT]: `^${natsVersion}` },
};
patched.type = "module";
for (const key of Object.keys(patched)) {
  if (patched[key] === undefined) delete patched[key];
}

const text = `${JSON.stringify(patched, null, 2)}\n`;
if (fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
console.log(`postbuild: ${path.relative(process.cwd(), file) || file}: exports ${Object.keys(patched.exports).join(", ")}; files ${files.join(", ")}`);

await finish(dir);

/** Copies js/<entry> minified into the package (their comments live on in the .d.ts). */
async function minifyEntries(entries) {
  const esbuild = await loadEsbuild();
  for (const f of entries) {
    const source = fs.readFileSync(path.join(root, "js", f), "utf8");
    const { code } = esbuild.transformSync(source, { minify: true, format: "esm", target: "es2022" });
    fs.writeFileSync(path.join(dir, f), code);
  }
}

/**
 * Writes README.md from docs/npm-README.md, `{{version}}` replaced by the package's version and
 * `{{use-sample}}` by the repository README's "Use" sample (the one tests/e2e/readme.test.mjs
 * runs), copies the pictures it links (`https://unpkg.com/<name>@<version>/docs/<file>.png`) into
 * docs/, and returns their paths, for "files". A picture it links that the repository does not
 * have, or a picture linked another way, stops the build.
 */
function writeReadme() {
  const text = fs.readFileSync(path.join(root, "docs/npm-README.md"), "utf8")
    .replaceAll("{{version}}", pkg.version)
    .replace("{{use-sample}}", () => useSample(fs.readFileSync(path.join(root, "README.md"), "utf8")));
  if (text.includes("{{")) fail(`docs/npm-README.md: unknown placeholder ${/\{\{[^}]*\}\}/.exec(text)?.[0]}`);
  const prefix = `https://unpkg.com/${pkg.name}@${pkg.version}/`;
  const pictures = new Set();
  for (const [, url] of text.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)) {
    if (!url.startsWith(prefix)) fail(`docs/npm-README.md: picture ${url} must be linked as ${prefix}docs/<file>.png`);
    const file = url.slice(prefix.length);
    if (!/^docs\/[\w.-]+\.png$/.test(file) || !fs.existsSync(path.join(root, file))) fail(`docs/npm-README.md: no ${file} in the repository`);
    pictures.add(file);
  }
  fs.mkdirSync(path.join(dir, "docs"), { recursive: true });
  for (const file of pictures) fs.copyFileSync(path.join(root, file), path.join(dir, file));
  fs.writeFileSync(path.join(dir, "README.md"), text);
  return [...pictures].sort();
}

async function loadEsbuild() {
  try {
    return await import("esbuild");
  } catch {
    return fail("esbuild is missing: run npm ci");
  }
}

/** Minifies the glue of the build in `at`. */
async function finish(at) {
  // Minify the JS glue: its doc comments and long names live on in the .d.ts. Idempotent: a
  // minified file starts with the marker and is left alone.
  const MARK = "// callkit-invite: minified glue, see callkit_invite.d.ts for the API\n";
  const jsFile = path.join(at, js);
  const source = fs.readFileSync(jsFile, "utf8");
  if (!source.startsWith(MARK)) {
    const esbuild = await loadEsbuild();
    const { code } = esbuild.transformSync(source, { minify: true, format: "esm", target: "es2020" });
    fs.writeFileSync(jsFile, MARK + code);
    console.log(`postbuild: ${path.relative(dir, at) || "."}/${js} minified ${source.length} -> ${MARK.length + code.length} bytes`);
  }
}
