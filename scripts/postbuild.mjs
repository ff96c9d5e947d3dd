#!/usr/bin/env node
// Patches pkg/package.json after `wasm-pack build --target web`:
//   - keeps what wasm-pack wrote (name, version, description, license, types, files, ...);
//   - "type": "module";
//   - "exports": the module with its types, and the .wasm file itself, so bundlers and Node
//     resolve `callkit-invite` and `callkit-invite/callkit_invite_bg.wasm`; and the NATS
//     adapter (`callkit-invite/nats`: js/nats.js, the two modules it imports and js/nats.d.ts,
//     copied here);
//   - "dependencies": the NATS client the adapter imports, `@nats-io/nats-core`, at the
//     version the dev package.json pins (as a caret range);
//   - "files" lists the .js, the .d.ts, the _bg.wasm and its .d.ts, and the adapter's files;
// and the glue is minified (esbuild): its doc comments and names live on in the .d.ts.
// Idempotent. Usage: node scripts/postbuild.mjs [pkg-dir]   (default: <repo>/pkg)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

const files = Array.isArray(pkg.files) ? [...pkg.files] : [];
for (const f of [js, dts, wasm, wasmDts, ...NATS_ADAPTER]) {
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
  main: pkg.main ?? js,
  types: pkg.types ?? dts,
  exports: {
    ".": { types: `./${dts}`, default: `./${js}` },
    [`./${wasm}`]: `./${wasm}`,
    "./nats": { types: "./nats.d.ts", default: "./nats.js" },
  },
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

/** Minifies the glue of the build in `at`. */
async function finish(at) {
  // Minify the JS glue: its doc comments and long names live on in the .d.ts. Idempotent: a
  // minified file starts with the marker and is left alone.
  const MARK = "// callkit-invite: minified glue, see callkit_invite.d.ts for the API\n";
  const jsFile = path.join(at, js);
  const source = fs.readFileSync(jsFile, "utf8");
  if (!source.startsWith(MARK)) {
    let esbuild;
    try {
      esbuild = await import("esbuild");
    } catch {
      fail("esbuild is missing: run npm ci");
    }
    const { code } = esbuild.transformSync(source, { minify: true, format: "esm", target: "es2020" });
    fs.writeFileSync(jsFile, MARK + code);
    console.log(`postbuild: ${path.relative(dir, at) || "."}/${js} minified ${source.length} -> ${MARK.length + code.length} bytes`);
  }
}
