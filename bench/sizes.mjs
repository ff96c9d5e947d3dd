// Size of what the package ships, raw, gzip -9 and brotli (quality 11), with node's zlib; the
// NATS entry (`callkit-invite/nats`: the adapter and the client it imports, bundled by esbuild
// as an app's bundler would); and the incumbent's single script, measured the same way from its
// npm tarball.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** At most this many bytes gzipped, wasm + JS, for the default build (tests/node/size.test.mjs):
 * 96 KiB, the budget that must also hold once media is in. */
export const BUDGET_GZIP = 96 * 1024;
/**
 * At most this many bytes gzipped for the NATS entry (the adapter and the client it loads, on top
 * of the build): a ceiling that catches the adapter pulling in more than the client, or a client
 * update that grows it by a fifth (45 KiB at @nats-io/nats-core 3.4.0).
 */
export const NATS_ENTRY_CEILING_GZIP = 54 * 1024;
/**
 * The files a page downloads for `import { CallKit } from "callkit-invite"` (the .d.ts files are
 * for the editor only): the wasm, the generated glue, and the entry that starts the wasm on
 * import (index.js; callkit-invite/manual's guard is not on that path).
 */
export const SHIPPED = ["callkit_invite_bg.wasm", "callkit_invite.js", "index.js"];

/**
 * SHIPPED and the JS snippets the glue imports (`snippets/<crate>-<hash>/…`: the
 * `ZegoUIKitLanguage` object), relative to the build directory `dir`: everything a page downloads.
 */
export function shippedFiles(dir) {
  const snippets = (sub) => readdirSync(join(dir, sub), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? snippets(join(sub, e.name)) : e.name.endsWith(".js") ? [join(sub, e.name)] : []));
  return [...SHIPPED, ...(existsSync(join(dir, "snippets")) ? snippets("snippets").sort() : [])];
}
/** The incumbent as the issue gives it: its script, gzip -9, in bytes. */
export const INCUMBENT = { name: "@zegocloud/zego-uikit-prebuilt", version: "2.18.4", givenGzip: 1_737_569 };

/** Raw, gzip -9 and brotli q11 sizes of `buf`. */
export function compressed(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

/** The shipped files of the build in `dir` (relative to `root`) and their total. */
function build(root, dir, label) {
  const files = shippedFiles(join(root, dir))
    .map((f) => ({ label: `${dir}/${f}`, path: `${dir}/${f}`, ...compressed(readFileSync(join(root, dir, f))) }));
  const total = { label, raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) for (const k of ["raw", "gzip", "brotli"]) total[k] += f[k];
  return { files, total };
}

/**
 * The shipped files of the build (`callkit-invite`, pkg/), their total, and the NATS entry
 * (`callkit-invite/nats`), which a page loads on top of the build only when it signals over
 * NATS. The CSS is inside the wasm: a row of its own, not in the totals.
 */
export async function packageSizes(root) {
  const main = build(root, "pkg", "Default build, total (wasm + JS)");
  const css = { label: "CSS (embedded in the wasm)", path: "src/ui/style.css", ...compressed(readFileSync(join(root, "src/ui/style.css"))) };
  return { files: main.files, total: main.total, nats: await natsEntrySize(root), css };
}

/**
 * The NATS entry as a page downloads it: pkg/nats.js and everything it imports
 * (`@nats-io/nats-core`, its `@nats-io/nkeys`, `@nats-io/nuid` and `tweetnacl`), bundled and
 * minified by esbuild for browsers, as one file. Only for measuring: the package ships the
 * adapter alone, and the app's bundler brings the client.
 */
export async function natsEntrySize(root) {
  const esbuild = await import("esbuild");
  const { outputFiles } = await esbuild.build({
    entryPoints: [join(root, "pkg/nats.js")],
    absWorkingDir: resolve(root),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    legalComments: "none",
    write: false,
    outfile: "nats-entry.js",
    logLevel: "silent",
  });
  // The adapter's own modules (pkg/nats*.js), as shipped, together.
  const modules = readdirSync(join(root, "pkg")).filter((f) => /^nats.*\.js$/.test(f)).sort();
  const adapter = { label: `The adapter alone, as shipped (${modules.map((f) => `pkg/${f}`).join(", ")})`, path: "pkg/nats*.js",
    ...compressed(Buffer.concat(modules.map((f) => readFileSync(join(root, "pkg", f))))) };
  const total = { label: "NATS entry: adapter + @nats-io/nats-core, bundled (esbuild, minified)", ...compressed(Buffer.from(outputFiles[0].contents)) };
  return { files: [adapter], total };
}

/**
 * Downloads the incumbent's npm tarball (`npm pack`, into a temporary folder) and measures its
 * main script. Returns `{ measured: null, error }` when that fails.
 */
export function incumbentSize() {
  const dir = mkdtempSync(join(tmpdir(), "callkit-bench-incumbent-"));
  try {
    const spec = `${INCUMBENT.name}@${INCUMBENT.version}`;
    const out = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", dir], { cwd: dir, encoding: "utf8", timeout: 120_000, stdio: ["ignore", "pipe", "pipe"] });
    const tarball = out.trim().split("\n").pop();
    execFileSync("tar", ["-xzf", join(dir, tarball), "-C", dir]);
    const pkg = JSON.parse(readFileSync(join(dir, "package/package.json"), "utf8"));
    const main = pkg.main ?? "index.js";
    return { ...INCUMBENT, file: main.replace(/^\.\//, ""), measured: compressed(readFileSync(join(dir, "package", main))), error: null };
  } catch (err) {
    return { ...INCUMBENT, measured: null, error: String(err.message ?? err).split("\n")[0] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
