// Start-up: fresh page loads of bench/startup.html, each in a new browser context (an empty
// HTTP cache; serve.py sends `Cache-Control: no-store` as well).
import { summarize } from "./stats.mjs";
import { watch } from "./browser.mjs";

export async function startup(browser, origin, { loads = 30 } = {}) {
  const errors = [];
  const samples = [];
  // One load first, not counted: it starts the browser's shared processes (network, storage).
  for (let i = 0; i <= loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = watch(await context.newPage(), `load ${i}`, errors);
      await page.goto(`${origin}/bench/startup.html`);
      const handle = await page.waitForFunction(() => globalThis.startup, null, { timeout: 20_000 });
      const result = await handle.jsonValue();
      if (result.error) throw new Error(`bench/startup.html failed: ${result.error}`);
      if (i > 0) samples.push(result);
    } finally {
      await context.close();
    }
  }
  if (errors.length) throw new Error(`start-up pages reported errors:\n  ${errors.join("\n  ")}`);
  const pick = (key) => summarize(samples.map((s) => s[key]));
  return {
    loads: samples.length,
    init: pick("init"),
    create: pick("create"),
    firstFrame: pick("firstFrame"),
    total: pick("total"),
    wasmFetch: pick("wasmFetch"),
    wasmMemory: samples[0].wasmMemory,
  };
}
