// How much of the machine other work took while the benchmark ran: on a shared or busy machine
// the timings are inflated and noisy, and the report says so.
import { readdirSync, readFileSync } from "node:fs";

/** Busy and total CPU time of the machine, in clock ticks. */
function machineTicks() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - (f[4] || 0), total };
}

/** CPU ticks of every live process in `root`'s tree (reaped children count in their parent's). */
function treeTicks(root) {
  const procs = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // f[1] is the ppid; f[11..14] are utime, stime, cutime, cstime.
      procs.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // the process ended meanwhile
    }
  }
  const ours = new Map();
  for (const [pid, p] of procs) {
    for (let at = pid, hops = 0; at > 1 && hops < 64; at = procs.get(at)?.ppid ?? 0, hops++) {
      if (at === root) { ours.set(pid, p.ticks); break; }
    }
  }
  return ours;
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
