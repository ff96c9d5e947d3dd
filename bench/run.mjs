#!/usr/bin/env node
// The benchmark report: size, start-up, interaction, memory, media and core throughput. Prints a
// table and writes BENCHMARKS.md at the repository root. Run by scripts/bench.sh, which builds
// pkg/, runs the native harness into $BENCH_CORE_JSON and the media part (bench/media.mjs, in a
// network namespace) into $BENCH_MEDIA_JSON, and serves the repository at $BENCH_ORIGIN;
// without BENCH_ORIGIN this starts scripts/serve.py itself.
//
// Env: BENCH_LOADS (start-up page loads, default 30), BENCH_ROUNDS (interaction rounds, 50),
// BENCH_SIDEBAR_CYCLES (1000), BENCH_INVITE_CYCLES (200): smaller values for a smoke run only.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { otherWork } from "./cpu.mjs";
import { interaction } from "./interaction.mjs";
import { memory } from "./memory.mjs";
import { markdown, summaryRows, consoleReport } from "./report.mjs";
import { incumbentSize, packageSizes } from "./sizes.mjs";
import { startup } from "./startup.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const num = (name, fallback) => Number(process.env[name] || fallback);
const options = {
  loads: num("BENCH_LOADS", 30),
  rounds: num("BENCH_ROUNDS", 50),
  sidebarCycles: num("BENCH_SIDEBAR_CYCLES", 1000),
  inviteCycles: num("BENCH_INVITE_CYCLES", 200),
};
const log = (text) => process.stderr.write(`bench: ${text}\n`);
const started = Date.now();

function machine(chromium) {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const os_ = /PRETTY_NAME="([^"]+)"/.exec(existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : "")?.[1];
  const version = (cmd, args) => {
    try { return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(); } catch { return "n/a"; }
  };
  return {
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    ramGiB: os.totalmem() / 2 ** 30,
    os: `${os_ ?? os.type()} (Linux ${os.release()})`,
    chromium,
    node: process.version,
    rustc: version("rustc", ["--version"]),
    pkg: JSON.parse(readFileSync(join(ROOT, "pkg/package.json"), "utf8")).version,
    commit: version("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
    dirty: !["", "n/a"].includes(version("git", ["-C", ROOT, "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"])),
  };
}

async function main() {
  if (!existsSync(join(ROOT, "pkg/callkit_invite_bg.wasm"))) throw new Error("pkg/ is not built: run scripts/bench.sh (or scripts/build.sh)");
  const results = { options, date: new Date() };

  log("size");
  results.sizes = await packageSizes(ROOT);
  results.incumbent = incumbentSize();
  if (results.incumbent.error) log(`could not measure the incumbent (${results.incumbent.error}); using the given figure`);

  const coreJson = process.env.BENCH_CORE_JSON || join(ROOT, "target/bench/core_throughput.json");
  results.core = existsSync(coreJson) ? JSON.parse(readFileSync(coreJson, "utf8")) : null;
  if (!results.core) log(`no ${coreJson}: run \`cargo run --release --example core_throughput -- --json ${coreJson}\``);
  const mediaJson = process.env.BENCH_MEDIA_JSON || join(ROOT, "target/bench/media.json");
  results.media = existsSync(mediaJson) ? JSON.parse(readFileSync(mediaJson, "utf8")) : null;
  if (!results.media) log(`no ${mediaJson}: run \`scripts/netns.sh node bench/media.mjs\``);

  let server = null;
  let origin = process.env.BENCH_ORIGIN;
  if (!origin) {
    const { startServer } = await import("../tests/e2e/support.mjs");
    server = await startServer();
    origin = server.origin;
  }
  // scripts/bench.sh passes its PID: the server it started is ours too.
  const others = otherWork(Number(process.env.BENCH_ROOT_PID) || process.pid);
  const browser = await launch(ROOT);
  try {
    results.machine = machine(browser.version());
    log(`start-up: ${options.loads} fresh page loads`);
    results.startup = await startup(browser, origin, options);
    log(`interaction: ${options.rounds} rounds each`);
    results.interaction = await interaction(browser, origin, options);
    log(`memory: ${options.sidebarCycles} sidebar cycles, ${options.inviteCycles} invite/cancel cycles`);
    results.memory = await memory(browser, origin, options);
  } finally {
    await browser.close();
    await server?.stop();
  }
  results.otherWork = others.stop();
  results.seconds = (Date.now() - started) / 1000;
  // scripts/bench.sh passes its start (epoch seconds): the build and the native harness count too.
  results.totalSeconds = process.env.BENCH_STARTED ? Date.now() / 1000 - Number(process.env.BENCH_STARTED) : null;

  const rows = summaryRows(results);
  process.stdout.write(`${consoleReport(results, rows)}\n`);
  writeFileSync(join(ROOT, "BENCHMARKS.md"), markdown(results, rows));
  log(`wrote BENCHMARKS.md (browser and size parts took ${results.seconds.toFixed(0)} s)`);
}

main().catch((err) => {
  process.stderr.write(`bench: failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
