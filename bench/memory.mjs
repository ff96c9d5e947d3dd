// Memory: Alice in a call with Bob opens and closes the Invitees sidebar 1,000 times, then
// invites Carol and cancels 200 times. Before and after each run, in the tabs it touches:
// CDP `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage` (JS heap) and
// `Memory.getDOMCounters` (nodes, JS event listeners), and the wasm linear memory.
import { callAndAccept, openUser } from "./browser.mjs";

/** Figures of one tab after garbage collection. */
async function snapshot(page, cdp) {
  for (let i = 0; i < 3; i++) {
    await cdp.send("HeapProfiler.collectGarbage");
    // FinalizationRegistry callbacks (wasm-bindgen frees Rust objects in them) run as tasks.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  }
  const heap = await cdp.send("Runtime.getHeapUsage");
  const dom = await cdp.send("Memory.getDOMCounters");
  const wasm = await page.evaluate(() => bench.wasmMemory());
  const elements = await page.evaluate(() => bench.elements());
  return { heap: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents, wasm, elements };
}

const diff = (before, after) => Object.fromEntries(Object.keys(before).map((k) => [k, after[k] - before[k]]));

export async function memory(browser, origin, { sidebarCycles = 1000, inviteCycles = 200 } = {}) {
  const errors = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const alice = await openUser(context, origin, "alice", errors);
    const bob = await openUser(context, origin, "bob", errors);
    const carol = await openUser(context, origin, "carol", errors);
    await callAndAccept(alice, bob, "bob");
    await alice.bringToFront();
    const cdp = { alice: await context.newCDPSession(alice), carol: await context.newCDPSession(carol) };

    // One cycle of each first: what the first use creates for good is not a leak.
    await alice.evaluate(() => bench.sidebarCycles(1));
    const sidebarBefore = await snapshot(alice, cdp.alice);
    const t0 = performance.now();
    await alice.evaluate((n) => bench.sidebarCycles(n), sidebarCycles);
    const sidebarMs = performance.now() - t0;
    const sidebarAfter = await snapshot(alice, cdp.alice);

    const cycle = async () => {
      await carol.evaluate(() => bench.arm("dialog", "dialog"));
      await alice.evaluate(() => bench.inviteOnly("Carol"));
      await carol.evaluate(() => bench.take("dialog"));
      await carol.evaluate(() => bench.arm("quiet", "no-dialog"));
      await alice.evaluate(() => bench.cancelWaiting("Carol"));
      await carol.evaluate(() => bench.take("quiet"));
    };
    await cycle();
    const inviteBefore = { alice: await snapshot(alice, cdp.alice), carol: await snapshot(carol, cdp.carol) };
    const t1 = performance.now();
    for (let i = 0; i < inviteCycles; i++) await cycle();
    const inviteMs = performance.now() - t1;
    const inviteAfter = { alice: await snapshot(alice, cdp.alice), carol: await snapshot(carol, cdp.carol) };

    if (errors.length) throw new Error(`the bench pages reported errors:\n  ${errors.join("\n  ")}`);
    return {
      sidebar: { cycles: sidebarCycles, ms: sidebarMs, before: sidebarBefore, after: sidebarAfter, delta: diff(sidebarBefore, sidebarAfter) },
      invite: {
        cycles: inviteCycles,
        ms: inviteMs,
        before: inviteBefore,
        after: inviteAfter,
        delta: { alice: diff(inviteBefore.alice, inviteAfter.alice), carol: diff(inviteBefore.carol, inviteAfter.carol) },
      },
    };
  } finally {
    await context.close();
  }
}
