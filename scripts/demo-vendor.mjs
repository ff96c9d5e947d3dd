#!/usr/bin/env node
// The demo runs without a bundler, and its NATS transport (pkg/nats.js) imports
// `@nats-io/nats-core`. That package ships CommonJS only (lib/*.js with `require`, and so do
// `@nats-io/nkeys`, `@nats-io/nuid` and `tweetnacl` under it), which a browser cannot import.
// This writes one ES module with the same named exports, www/vendor/nats-core.js, from the
// installed packages (esbuild, not minified: it is the demo's copy, readable in devtools); the
// import map in www/index.html points `@nats-io/nats-core` at it. Apps with a bundler need
// nothing of the kind.
//   node scripts/demo-vendor.mjs   (scripts/build.sh runs it)
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "www/vendor/nats-core.js");
const require = createRequire(path.join(root, "package.json"));
const CLIENT = "@nats-io/nats-core";

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  console.error("demo-vendor: esbuild is missing: run npm ci");
  process.exit(1);
}
// A CommonJS module's names are only known by running it: list them for esbuild, which then
// emits them as static ES exports.
const names = Object.keys(require(CLIENT)).filter((n) => n !== "__esModule" && n !== "default" && /^[A-Za-z_$][\w$]*$/.test(n));
const { version } = JSON.parse(fs.readFileSync(path.join(root, "node_modules", CLIENT, "package.json"), "utf8"));
await esbuild.build({
  stdin: { contents: `export { ${names.join(", ")} } from "${CLIENT}";\n`, resolveDir: root, sourcefile: "nats-core-entry.js" },
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  outfile: out,
  legalComments: "inline",
  banner: { js: `// ${CLIENT} ${version} as one ES module, for the demo only: made by scripts/demo-vendor.mjs from node_modules.` },
  logLevel: "warning",
});
console.log(`demo-vendor: ${path.relative(root, out)}: ${CLIENT} ${version}, ${names.length} exports, ${fs.statSync(out).size} bytes`);
