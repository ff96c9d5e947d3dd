// The npm package as users get it, without the registry: pkg/ packed by `npm pack` and
// installed into a scratch app the way npm installs a tarball (its `package/` folder becomes
// node_modules/callkit-invite), its dependencies and the app's tools linked from the
// repository's node_modules (pinned by package-lock.json, installed by `npm ci`). No network:
// the e2e layer runs in a namespace that has none.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";

export const ROOT = process.env.CALLKIT_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const run = promisify(execFile);

/** Runs `cmd args` in `cwd`; on failure the error says what ran and what it printed. */
export async function sh(cmd, args, cwd, { timeout = 120_000, env = {} } = {}) {
  try {
    return await run(cmd, args, {
      cwd, timeout, encoding: "utf8", maxBuffer: 32 << 20,
      env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...env },
    });
  } catch (e) {
    e.message = `${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${e.stdout ?? ""}\n${e.stderr ?? ""}\n${e.message}`;
    throw e;
  }
}

/**
 * Copies the built package (`pkgDir`, default <repo>/pkg) into a new temporary folder, patches
 * the copy with scripts/postbuild.mjs (idempotent: whether or not the build ran it) and packs
 * it. Resolves { tmp, pkg, tarball, packed } (`packed`: `npm pack --json`'s record); remove
 * `tmp` when done.
 */
export async function pack(pkgDir = path.join(ROOT, "pkg")) {
  if (!fs.existsSync(path.join(pkgDir, "callkit_invite_bg.wasm"))) throw new Error(`no build in ${pkgDir}: run scripts/build.sh`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "callkit-package-"));
  const pkg = path.join(tmp, "pkg");
  fs.cpSync(pkgDir, pkg, { recursive: true });
  await sh(process.execPath, [path.join(ROOT, "scripts/postbuild.mjs"), pkg], ROOT);
  const { stdout } = await sh("npm", ["pack", "--json", "--pack-destination", tmp], pkg);
  const packed = JSON.parse(stdout)[0];
  return { tmp, pkg, tarball: path.join(tmp, packed.filename), packed };
}

/**
 * Makes the app folder `app` (its package.json depends on the tarball) and installs `tarball`
 * in it: extracted into node_modules/<name>, as npm does; each of the package's dependencies,
 * and each of `tools` (e.g. "vite"), linked from the repository's node_modules.
 * Resolves the installed package's folder.
 */
export async function installTarball(app, tarball, { tools = [] } = {}) {
  const modules = path.join(app, "node_modules");
  const staging = fs.mkdtempSync(path.join(app, ".unpack-"));
  await sh("tar", ["-xzf", tarball, "-C", staging], app);
  const manifest = JSON.parse(fs.readFileSync(path.join(staging, "package/package.json"), "utf8"));
  const installed = path.join(modules, manifest.name);
  fs.rmSync(installed, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(installed), { recursive: true });
  fs.renameSync(path.join(staging, "package"), installed);
  fs.rmSync(staging, { recursive: true, force: true });
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...tools]) {
    const from = path.join(ROOT, "node_modules", name);
    if (!fs.existsSync(from)) throw new Error(`${name} is not in the repository's node_modules: run npm ci`);
    const to = path.join(modules, name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.rmSync(to, { recursive: true, force: true });
    fs.symlinkSync(from, to, "dir");
  }
  const appJson = path.join(app, "package.json");
  const own = fs.existsSync(appJson) ? JSON.parse(fs.readFileSync(appJson, "utf8")) : { name: "scratch-app", private: true, type: "module" };
  own.dependencies = { ...own.dependencies, [manifest.name]: `file:${path.relative(app, tarball)}` };
  fs.writeFileSync(appJson, `${JSON.stringify(own, null, 2)}\n`);
  return installed;
}
