// CPU time from /proc: how much of the machine other work took while the benchmark ran (on a
// shared or busy machine the timings are inflated and noisy, and the report says so), and how
// much a browser's process tree used (the media part).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Busy and total CPU time of the machine, in clock ticks. */
function machineTicks() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - (f[4] || 0), total };
}

/** Every live process: ppid, own ticks (utime + stime) and reaped children's (cutime + cstime). */
function processes() {
  const procs = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // f[1] is the ppid; f[11..14] are utime, stime, cutime, cstime.
      procs.set(Number(name), { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return procs;
}

/** The PIDs of `procs` in `root`'s tree (`root` included). */
function tree(procs, root) {
  const out = [];
  for (const pid of procs.keys()) {
    for (let at = pid, hops = 0; at > 1 && hops < 64; at = procs.get(at)?.ppid ?? 0, hops++) {
      if (at === root) { out.push(pid); break; }
    }
  }
  return out;
}

/** CPU ticks of every live process in `root`'s tree (reaped children count in their parent's). */
function treeTicks(root) {
  const procs = processes();
  return new Map(tree(procs, root).map((pid) => [pid, procs.get(pid).own + procs.get(pid).reaped]));
}

/** Clock ticks per second (`getconf CLK_TCK`; 100 on Linux). */
const CLK_TCK = (() => {
  try { return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100; } catch { return 100; }
})();

/**
 * Starts a measurement of the CPU time of the process tree of `root` (a browser's main
 * process): utime + stime from /proc/<pid>/stat of each of its processes; `stop()` gives it as
 * a share of one core (1 = one core busy all the time) over the elapsed wall time, and the
 * number of processes. A process that starts meanwhile counts from zero; one that ends is lost
 * (its last ticks are not in the figure: keep the tree stable while measuring).
 */
export function treeCpu(root) {
  const first = processes();
  const start = process.hrtime.bigint();
  return {
    stop() {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const last = processes();
      const pids = tree(last, root);
      let ticks = 0;
      for (const pid of pids) ticks += last.get(pid).own - (first.get(pid)?.own ?? 0);
      return { cores: ticks / CLK_TCK / seconds, seconds, processes: pids.length };
    },
  };
}

/** The PID of the browser `root` launched: its child process whose command line names `name`. */
export function childNamed(root, name) {
  const procs = processes();
  for (const [pid, p] of procs) {
    if (p.ppid !== root) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(name)) return pid;
    } catch {
      // ended meanwhile
    }
  }
  return null;
}

/**
 * Starts a measurement; `stop()` gives the share of the machine's CPU time (0..1) that processes
 * outside `root`'s tree used meanwhile. The tree is sampled every 100 ms: Chromium's renderer
 * processes come and go with each page and nobody in the tree reaps them, so a process that ends
 * keeps the ticks it had at its last sample (at most 100 ms of its work is missed).
 */
export function otherWork(root = process.pid) {
  const m0 = machineTicks();
  const first = treeTicks(root);
  const last = new Map(first);
  const sample = () => { for (const [pid, t] of treeTicks(root)) last.set(pid, t); };
  const timer = setInterval(sample, 100);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const m1 = machineTicks();
      let ours = 0;
      for (const [pid, t] of last) ours += t - (first.get(pid) ?? 0);
      const total = m1.total - m0.total;
      return total > 0 ? Math.max(0, (m1.busy - m0.busy - ours) / total) : 0;
    },
  };
}
