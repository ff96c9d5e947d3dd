// The benchmark's outputs: the summary rows (figure, target, verdict), the console table and
// BENCHMARKS.md.
import { BUDGET_GZIP, NATS_ENTRY_CEILING_GZIP, SHIPPED } from "./sizes.mjs";
import { bytes, delta, int, mdTable, medP95, ms, textTable } from "./stats.mjs";

const MiB = 2 ** 20;
const verdict = (ok) => (ok ? "met" : "MISSED");
/** Above this share of the machine taken by other work during the browser parts, say so. */
const BUSY = 0.05;
const pct = (x) => `${(x * 100).toFixed(0)}%`;
const busyNote = (r) => (r.otherWork > BUSY
  ? `other work on the machine took ${pct(r.otherWork)} of its CPU time while the browser parts ran: ` +
    "the timings are inflated and noisy; re-run on an idle machine"
  : "");

/** The incumbent's gzip size we compare with: ours when measured, else the given one. */
const incumbentGzip = (inc) => inc.measured?.gzip ?? inc.givenGzip;

/** Every headline figure, with its target and verdict where the issue sets one. */
export function summaryRows(r) {
  const rows = [];
  const add = (section, measure, figure, target = "", ok = null) => rows.push({ section, measure, figure, target, verdict: ok === null ? "" : verdict(ok) });
  const { files, total, nats, css } = r.sizes;
  for (const f of files) add("Size", f.label, `${int(f.raw)} B raw, ${int(f.gzip)} B gzip, ${int(f.brotli)} B brotli`);
  add("Size", css.label, `${int(css.raw)} B raw, ${int(css.gzip)} B gzip, ${int(css.brotli)} B brotli (inside the wasm: not added again)`);
  add("Size", "Default build (`callkit-invite`), gzip -9", `${bytes(total.gzip)} (brotli ${bytes(total.brotli)})`, `≤ ${int(BUDGET_GZIP)} B (${BUDGET_GZIP / 1024} KiB)`, total.gzip <= BUDGET_GZIP);
  if (nats) add("Size", "NATS entry (`callkit-invite/nats` + `@nats-io/nats-core`, bundled), gzip -9", `${bytes(nats.total.gzip)} (brotli ${bytes(nats.total.brotli)}), on top of the build`, `≤ ${int(NATS_ENTRY_CEILING_GZIP)} B (ceiling)`, nats.total.gzip <= NATS_ENTRY_CEILING_GZIP);
  const ratio = incumbentGzip(r.incumbent) / total.gzip;
  add("Size", "vs the incumbent's script, gzip -9", `${ratio.toFixed(1)}× smaller (${int(incumbentGzip(r.incumbent))} B)`);

  const s = r.startup;
  add("Start-up", "init(): fetch + compile + instantiate", medP95(s.init));
  add("Start-up", "CallKit.create + joinRoom → call page + next frame", medP95(s.firstFrame));
  add("Start-up", "Navigation → call page + next frame", medP95(s.total));

  const i = r.interaction;
  add("Interaction", '"More" → "Invite members" → sidebar painted (its frame rendered)', medP95(i.sidebar.rendered), "p95 ≤ 4 ms", i.sidebar.rendered.p95 <= 4);
  add("Interaction", '"More" → "Invite members" → sidebar + next frame begins', medP95(i.sidebar.frame));
  add("Interaction", '"Invite members" alone (menu open) → sidebar painted', medP95(i.menuItem.rendered));
  add("Interaction", '(diagnostic) "Invite members" alone, focus() a no-op → sidebar painted', medP95(i.noFocus.rendered));
  add("Interaction", "(floor) a plain popup of the page shown and focused, painted", medP95(i.popup.rendered));
  add("Interaction", "(floor) a frame with no change, rendered", medP95(i.idle.rendered));
  add("Interaction", "updateCallingInvitationListConfig, sidebar open (sync)", medP95(i.list.sync), "p95 ≤ 2 ms", i.list.sync.p95 <= 2);
  add("Interaction", "Invite click → callee's dialog (other tab)", medP95(i.invite.dom), "median ≤ 15 ms", i.invite.dom.median <= 15);
  add("Interaction", "Accept click → inviter's new tile (other tab)", medP95(i.accept.dom));
  add("Interaction", "(floor) a bare BroadcastChannel message", medP95(i.ping));

  const m = r.memory;
  const mem = (d) => `heap ${delta(d.heap)}, nodes ${signed(d.nodes)}, listeners ${signed(d.listeners)}`;
  const clean = (d) => d.heap < MiB && d.nodes <= 0 && d.listeners <= 0;
  const target = "heap < +1 MiB, nodes and listeners ±0";
  add("Memory", `Sidebar open/close ×${int(m.sidebar.cycles)}`, mem(m.sidebar.delta), target, clean(m.sidebar.delta));
  add("Memory", `Invite/cancel ×${int(m.invite.cycles)}, inviter's tab`, mem(m.invite.delta.alice), target, clean(m.invite.delta.alice));
  add("Memory", `Invite/cancel ×${int(m.invite.cycles)}, callee's tab`, mem(m.invite.delta.carol), target, clean(m.invite.delta.carol));
  add("Memory", "wasm linear memory", `${kib(s.wasmMemory)} after start-up; ${kib(m.invite.after.alice.wasm)} after all cycles`);

  const md = r.media;
  if (md) {
    add("Media", "Accept click → first remote video frame, accepter's page", medP95(md.firstFrame.accepter), "median ≤ 400 ms", md.firstFrame.accepter.median <= 400);
    add("Media", "Accept click → first remote video frame, caller's page", medP95(md.firstFrame.caller));
    for (const m of md.mesh) {
      add("Media", `Browser CPU, ${m.users}-person mesh (whole Chromium process tree)`, `${cores(m.cpu.cores)} of one core over ${m.seconds.toFixed(0)} s (per second: ${medP95Pct(m.cpu.perSecond)})`);
      add("Media", `Bytes per second per connection, ${m.users}-person mesh`, `sent ${medP95Rate(m.bytesPerSecond.sent)}; received ${medP95Rate(m.bytesPerSecond.received)}`);
    }
    const vs = meshVsJanus(md);
    if (vs) {
      add("Media", "Browser CPU, 4 users: mesh vs Janus", `mesh ${cores(vs.mesh.cpu.cores)}, Janus ${cores(vs.sfu.cpu.cores)} (×${vs.cpu.toFixed(2)}); the Janus server ${cores(vs.sfu.serverCpu.cores)}`);
      add("Media", "Uplink per user, 4 users: mesh vs Janus", `mesh ${rate(vs.mesh.perUser.sent.median)}, Janus ${rate(vs.sfu.perUser.sent.median)} (×${vs.up.toFixed(2)}, medians)`);
      add("Media", "Downlink per user, 4 users: mesh vs Janus", `mesh ${rate(vs.mesh.perUser.received.median)}, Janus ${rate(vs.sfu.perUser.received.median)} (×${vs.down.toFixed(2)}, medians)`);
      const t = md.janus.ten;
      add("Media", "10-user Janus call, last joiner: Accept click → first frame of each of the 9 others", `${medP95(t.perFeed)}; all 9: ${medP95(t.toAll)}` +
        (t.failures.length ? `; ${t.failures.length} run(s) lacked a frame` : ""));
    }
  }

  for (const row of r.core?.rows ?? []) {
    add("Core", `N = ${int(row.n)} participants`, `${int(1e9 / row.handleNs)} events/s (${int(row.handleNs)} ns/event); with the JSON codec ${int(1e9 / row.codecNs)} events/s`);
  }
  return rows;
}

/** The 4-user mesh and Janus figures, and Janus's as a multiple of the mesh's; null without a Janus part. */
function meshVsJanus(md) {
  const mesh = md.mesh.find((m) => m.users === 4);
  const sfu = md.janus?.four;
  if (!mesh || !sfu) return null;
  return {
    mesh, sfu,
    cpu: sfu.cpu.cores / mesh.cpu.cores,
    up: sfu.perUser.sent.median / mesh.perUser.sent.median,
    down: sfu.perUser.received.median / mesh.perUser.received.median,
  };
}

/** A share of one core: `123%` (1.23 cores). */
const cores = (x) => `${(x * 100).toFixed(0)}%`;
const medP95Pct = (st) => `median ${cores(st.median)}, p95 ${cores(st.p95)}`;
/** Bytes per second: `57.3 KB/s` (1 KB = 1,000 B). */
const rate = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(1)} KB/s` : "n/a");
const medP95Rate = (st) => `median ${rate(st.median)}, p95 ${rate(st.p95)}`;

const signed = (x) => (x > 0 ? `+${int(x)}` : x < 0 ? `−${int(-x)}` : "±0");
const kib = (x) => `${int(x / 1024)} KiB`;

/** The console output: the summary table, then warnings and the targets missed. */
export function consoleReport(r, rows) {
  const table = textTable(["Section", "Measure", "Figure", "Target", "Verdict"], rows.map((x) => [x.section, x.measure, x.figure, x.target, x.verdict]));
  const lines = [
    "",
    `callkit-invite ${r.machine.pkg} benchmarks, ${r.date.toISOString()} — ${r.machine.cpu}, ${r.machine.cores} cores, Chromium ${r.machine.chromium}`,
    table,
  ];
  if (busyNote(r)) lines.push(`WARNING: ${busyNote(r)}`);
  if (!r.incumbent.measured) lines.push(`note: the incumbent's size is the given ${int(r.incumbent.givenGzip)} B (download failed: ${r.incumbent.error})`);
  const missed = rows.filter((x) => x.verdict === "MISSED");
  lines.push(missed.length ? `targets missed: ${missed.map((x) => x.measure).join("; ")}` : "all targets met");
  return lines.join("\n");
}

/** BENCHMARKS.md. */
export function markdown(r, rows) {
  const { machine: mc, sizes, incumbent: inc, startup: s, interaction: i, memory: m, core } = r;
  const sizeRow = (f) => [f.label, int(f.raw), int(f.gzip), int(f.brotli)];
  const statRow = (label, st) => [label, ms(st.median), ms(st.p95), ms(st.min), ms(st.max), st.n];
  const memRow = (label, before, after) => [label, int(before.heap), int(after.heap), delta(after.heap - before.heap),
    `${int(before.nodes)} → ${int(after.nodes)}`, `${int(before.listeners)} → ${int(after.listeners)}`, `${kib(before.wasm)} → ${kib(after.wasm)}`];
  const statHead = ["Measure", "Median", "p95", "Min", "Max", "n"];
  const out = [
    "# Benchmarks",
    "",
    `Measured on ${r.date.toISOString().replace("T", " ").slice(0, 16)} UTC by \`scripts/bench.sh\`, which rewrites this file: re-run it after a change.`,
    `Package ${mc.pkg}, commit ${mc.commit}${mc.dirty ? " with uncommitted changes in src/" : ""}. ` +
      (r.totalSeconds ? `The whole command took ${Math.round(r.totalSeconds)} s.` : `Its browser and size parts took ${Math.round(r.seconds)} s.`),
    "",
    ...(busyNote(r) ? [`**Caveat:** ${busyNote(r)}.`, ""] : []),
    "## Summary",
    "",
    mdTable(["Section", "Measure", "Figure", "Target", "Verdict"], rows.map((x) => [x.section, x.measure, x.figure, x.target, x.verdict])),
    "",
    "## Machine",
    "",
    mdTable(["", ""], [
      ["CPU", mc.cpu], ["Cores", mc.cores], ["RAM", `${mc.ramGiB.toFixed(1)} GiB`], ["OS", mc.os],
      ["Chromium", `${mc.chromium} (headless, playwright-core)`], ["Node", mc.node], ["rustc", mc.rustc],
      ["Other work during the browser parts", `${pct(r.otherWork)} of the CPU time (processes outside the benchmark's)`],
    ]),
    "",
    "## Size",
    "",
    mdTable(["File", "Raw (B)", "gzip -9 (B)", "brotli q11 (B)"], [
      ...sizes.files.map(sizeRow), sizeRow(sizes.total),
      ...(sizes.nats ? [...sizes.nats.files.map(sizeRow), sizeRow(sizes.nats.total)] : []),
      sizeRow(sizes.css),
    ]),
    "",
    ...[["The default build", sizes.total, BUDGET_GZIP], ...(sizes.nats ? [["The NATS entry", sizes.nats.total, NATS_ENTRY_CEILING_GZIP]] : [])].map(([name, t, limit]) =>
      `${name}: at most ${int(limit)} B gzipped in total: ${verdict(t.gzip <= limit)} ` +
      `(${int(t.gzip)} B, ${t.gzip > limit ? `${int(t.gzip - limit)} B over` : `${int(limit - t.gzip)} B to spare`}).\n`),
    "The package holds one build, `callkit-invite` (pkg/), and the NATS adapter, `callkit-invite/nats` (pkg/nats.js), " +
      "which a page loads on top of it only to signal over NATS; the adapter imports the official client `@nats-io/nats-core` " +
      "(a dependency of the package, brought by the app's bundler). The NATS entry is measured as a bundler would ship it: " +
      "the adapter and the client, bundled and minified by esbuild for browsers, as one file.",
    "",
    "Method: node's zlib, `gzip` at level 9 and brotli at quality 11 (`BROTLI_MAX_QUALITY`, default window), of the files " +
      `a page downloads for \`import { CallKit } from "callkit-invite"\`: ${SHIPPED.map((f) => `\`${f}\``).join(", ")} (the \`.d.ts\` files are for the editor only). ` +
      "The stylesheet is compiled into the wasm (`include_str!` of `src/ui/style.css`) and installed as a constructed stylesheet: " +
      "its row is measured from `src/ui/style.css` to show its share, and it is **not** added to the total, which already holds it.",
    "",
    incumbentText(inc, sizes.total),
    "",
    "What each size trick saved, measured one change at a time, and which were taken out (the names rewritten in " +
      "wasm-bindgen's output, `lol_alloc`) or kept (std rebuilt on the pinned nightly, `digits.rs`, the heapsort): " +
      "[docs/design.md](docs/design.md#size-what-each-trick-saved-and-which-stayed).",
    "",
    "## Start-up",
    "",
    mdTable(statHead, [
      statRow("`init()`: fetch + compile + instantiate the wasm", s.init),
      statRow("of which the wasm fetch (resource timing)", s.wasmFetch),
      statRow("`CallKit.create` + `joinRoom` → `.cki-call` in the DOM", s.create),
      statRow("`CallKit.create` + `joinRoom` → call page + next frame", s.firstFrame),
      statRow("Navigation start → call page + next frame", s.total),
    ]),
    "",
    `Method: ${s.loads} loads of \`bench/startup.html\` (one more load first, not counted, starts the browser's shared processes), ` +
      "each in a new browser context (an empty HTTP cache; `scripts/serve.py` also sends `Cache-Control: no-store`), served from 127.0.0.1 " +
      "without compression. The page's module imports `../pkg/callkit_invite.js`, marks `performance.now()`, awaits `init()`, then creates a kit, " +
      "sets `canInvitingInCalling`, calls `zp.joinRoom({ container, callingInvitationListConfig })` with nine users, waits until `.cki-call` is in the " +
      "container, and for the next `requestAnimationFrame`. Navigation start → frame also holds the HTML and JS fetches and the module's parse. " +
      `Linear memory after start-up: ${kib(s.wasmMemory)}.`,
    "",
    "## Interaction",
    "",
    mdTable(statHead, [
      statRow('"More" → "Invite members": sidebar in the DOM (sync)', i.sidebar.sync),
      statRow('"More" → "Invite members": sidebar + next frame begins', i.sidebar.frame),
      statRow('"More" → "Invite members": sidebar + that frame rendered (painted; target p95 ≤ 4 ms)', i.sidebar.rendered),
      statRow('"Invite members" alone, the menu open and painted: sidebar in the DOM (sync)', i.menuItem.sync),
      statRow('"Invite members" alone: sidebar + next frame', i.menuItem.frame),
      statRow('"Invite members" alone: sidebar + that frame rendered', i.menuItem.rendered),
      statRow("`updateCallingInvitationListConfig`, sidebar open (sync; target p95 ≤ 2 ms)", i.list.sync),
      statRow("`updateCallingInvitationListConfig` + next frame", i.list.frame),
      statRow("Invite click → callee's `alertdialog` in the DOM (target median ≤ 15 ms)", i.invite.dom),
      statRow("Invite click → callee's dialog + next frame", i.invite.framed),
      statRow("Accept click → inviter's participant tile in the DOM", i.accept.dom),
      statRow("Accept click → inviter's tile + next frame", i.accept.framed),
      statRow("A bare BroadcastChannel message, tab to tab (the floor)", i.ping),
      statRow('(diagnostic) "Invite members" alone with focus() a no-op: sync', i.noFocus.sync),
      statRow("(diagnostic) the same + that frame rendered", i.noFocus.rendered),
      statRow("(floor) a frame with no change: next frame begins", i.idle.frame),
      statRow("(floor) a frame with no change: rendered", i.idle.rendered),
      statRow("(floor) a plain popup of the page (2 buttons) shown and its first button focused: sync", i.popup.sync),
      statRow("(floor) the same + that frame rendered", i.popup.rendered),
    ]),
    "",
    sidebarText(i),
    "",
    `Method: \`bench/call.html?userID=…\` tabs (Alice, Bob, Carol) in one browser context, so they share the kit's default BroadcastChannel ` +
      `transport; Alice calls Bob and Bob accepts first. ${i.rounds} rounds of each, timed inside the pages with \`performance.now()\`, so the ` +
      "driver's round trips are not in the figures. Sidebar: programmatic clicks on \"More\" and \"Invite members\", the `[role=dialog]` checked, " +
      "then `requestAnimationFrame` (\"next frame begins\"); \"alone\" rows click \"More\" first, let the menu paint, then time the second click; \"rendered\" adds a `MessageChannel` hop from that frame callback: it runs after the frame's style, layout and " +
      "paint, so it is the sidebar painted, the target's figure; the Close button shuts it between rounds. List update: the call itself, the rows alternating between two lists that differ in four users " +
      "(every round changes the rows), then the rows' names are checked against the list. Cross-tab: the sender stamps " +
      "`performance.timeOrigin + performance.now()` just before its click (Alice's \"Invite (1)\" with only Carol checked, or Carol's \"Accept\"), the " +
      "receiver stamps the same clock in a `MutationObserver` when the dialog (or Carol's participant tile) appears; Carol declines between invite " +
      "rounds and leaves the call between accept rounds. Every round starts from a rendered page. Chromium runs with `--disable-frame-rate-limit " +
      "--disable-gpu-vsync`, so \"next frame\" is the work until the frame begins, not the wait for a 60 Hz tick (on a display, add 0 to 16.7 ms); " +
      "background tabs then get frames too, which is why the tabs can share one window.",
    "",
    "## Memory",
    "",
    mdTable(["Run", "JS heap before (B)", "after (B)", "Δ heap", "DOM nodes", "JS listeners", "wasm memory"], [
      memRow(`Sidebar open/close ×${int(m.sidebar.cycles)} (Alice)`, m.sidebar.before, m.sidebar.after),
      memRow(`Invite/cancel ×${int(m.invite.cycles)}, inviter (Alice)`, m.invite.before.alice, m.invite.after.alice),
      memRow(`Invite/cancel ×${int(m.invite.cycles)}, callee (Carol)`, m.invite.before.carol, m.invite.after.carol),
    ]),
    "",
    `Method: a fresh context with Alice in a call with Bob, and Carol idle. Alice opens the sidebar (\"More\" → \"Invite members\"), waits one frame ` +
      `and closes it, ${int(m.sidebar.cycles)} times (${(m.sidebar.ms / 1000).toFixed(1)} s); then invites Carol from the sidebar, waits for Carol's ` +
      `dialog, presses \"Cancel call\" on Carol's waiting tile and waits for the dialog to go, ${int(m.invite.cycles)} times (${(m.invite.ms / 1000).toFixed(1)} s). ` +
      "One cycle of each runs before the \"before\" figures (what a first use creates for good is not a leak). Each figure is taken after CDP " +
      "`HeapProfiler.collectGarbage` three times, 50 ms apart (wasm-bindgen frees Rust objects from finalizers): `Runtime.getHeapUsage().usedSize` " +
      "(JS heap), `Memory.getDOMCounters()` (nodes and JS event listeners of the tab's renderer; each tab has its own: documents = " +
      `${m.sidebar.after.documents}), and \`memory.buffer.byteLength\` of the wasm. Linear memory only grows; it is reported, not judged.`,
    "",
    "## Media",
    "",
    mediaText(r.media),
    "",
    "### Mesh vs Janus",
    "",
    janusText(r.media, r.machine.cores),
    "",
    "## Core throughput",
    "",
    coreText(core),
    "",
  ];
  return `${out.join("\n")}\n`;
}

/** Where the sidebar's time goes, from the diagnostic and floor rows. */
function sidebarText(i) {
  const focus = i.menuItem.rendered.median - i.noFocus.rendered.median;
  return "Where the sidebar's time goes. Opening it is two clicks, and each moves keyboard focus, as an accessible menu and dialog must: " +
    "\"More\" focuses the menu's first item, \"Invite members\" the sidebar's first checkbox. `focus()` makes the browser bring style and layout " +
    "up to date at once, then restyle for `:focus`/`:focus-visible`. The second click alone is painted in " +
    `${ms(i.menuItem.rendered.median)} (median); with \`focus()\` a no-op, in ${ms(i.noFocus.rendered.median)}: moving focus accounts for about ${ms(focus)} of it. ` +
    `On this machine a frame with no change at all takes ${ms(i.idle.rendered.median)} to render, and a plain popup of the page's own ` +
    `(two buttons) shown and focused ${ms(i.popup.rendered.median)}. ` +
    "Both clicks in one task, the target's figure, hold two focus moves, the menu shown and hidden, the 9-row sidebar shown and the call page " +
    "narrowed beside it. What the kit does to keep it low: the menu and the sidebar are built once and kept in the page when closed " +
    "(`data-closed`: `visibility: hidden` takes them out of focus, clicks and the accessibility tree; `content-visibility: hidden` keeps their " +
    "styles and layout), so reopening restyles only what changed; the sidebar takes focus before the menu item hides; rows are keyed and " +
    "updated in place.";
}

function incumbentText(inc, total) {
  const given = `The issue gives ${int(inc.givenGzip)} B for the incumbent's script (gzip -9).`;
  if (!inc.measured) {
    return `Incumbent (${inc.name} ${inc.version}): the npm tarball could not be downloaded (${inc.error}); the comparison uses the given figure. ${given} ` +
      `Ours, gzipped: **${(inc.givenGzip / total.gzip).toFixed(1)}× smaller**.`;
  }
  const x = inc.measured;
  return `Incumbent: \`npm pack ${inc.name}@${inc.version}\` into a temporary folder, its main script \`${inc.file}\` measured the same way: ` +
    `${int(x.raw)} B raw, ${int(x.gzip)} B gzip -9, ${int(x.brotli)} B brotli. ${given} That is ` +
    `${((inc.givenGzip / x.gzip - 1) * 100).toFixed(1)}% more than node's zlib gives here (another deflate implementation or version); ` +
    "the comparison uses our measurement, made with the same compressor as ours. " +
    `Ours is **${(x.gzip / total.gzip).toFixed(1)}× smaller** gzipped (${(inc.givenGzip / total.gzip).toFixed(1)}× against the given figure), ` +
    `${(x.brotli / total.brotli).toFixed(1)}× smaller with brotli, ${(x.raw / total.raw).toFixed(1)}× raw.`;
}

function mediaText(md) {
  if (!md) return "Not run: `scripts/netns.sh node bench/media.mjs` writes the figures this section reads (target/bench/media.json).";
  const statRow = (label, st) => [label, ms(st.median), ms(st.p95), ms(st.min), ms(st.max), st.n];
  const rateRow = (label, st) => [label, rate(st.median), rate(st.p95), rate(st.min), rate(st.max), st.n];
  const f = md.firstFrame;
  return [
    mdTable(["Measure", "Median", "p95", "Min", "Max", "n"], [
      statRow("Accept click → first frame of the caller's video on the accepter's page (target median ≤ 400 ms)", f.accepter),
      statRow("Accept click → first frame of the accepter's video on the caller's page", f.caller),
    ]),
    "",
    mdTable(["Mesh", "Browser CPU (share of one core)", "per 1 s slice: median", "p95", "Processes", "Video sent"], md.mesh.map((m) => [
      `${m.users} users, ${m.connections} connections`, `${cores(m.cpu.cores)} over ${m.seconds.toFixed(1)} s`, cores(m.cpu.perSecond.median), cores(m.cpu.perSecond.p95),
      m.cpu.processes, `${m.sentVideo.sizes.join(", ")}, ${m.sentVideo.fps.min}–${m.sentVideo.fps.max} fps (median ${m.sentVideo.fps.median})`,
    ])),
    "",
    mdTable(["Bytes per second, per connection (one side's view)", "Median", "p95", "Min", "Max", "n"], md.mesh.flatMap((m) => [
      rateRow(`${m.users} users: sent (audio + video)`, m.bytesPerSecond.sent),
      rateRow(`${m.users} users: received (audio + video)`, m.bytesPerSecond.received),
      rateRow(`${m.users} users: video sent`, m.bytesPerSecond.videoSent),
      rateRow(`${m.users} users: audio sent`, m.bytesPerSecond.audioSent),
    ])),
    "",
    `Method: \`bench/media.mjs\`, run by \`scripts/bench.sh\` through \`scripts/netns.sh\` in a private network namespace that has only loopback ` +
      "(its own `scripts/serve.py` and browser inside it): ICE pairs 127.0.0.1 candidates, no packet leaves the machine, so the figures hold no network " +
      "delay or loss. Chromium runs with the e2e tests' media flags (`MEDIA_ARGS` of tests/e2e/support.mjs: `--use-fake-device-for-media-stream`, " +
      "`--allow-loopback-in-peer-connection`, no background-tab throttling), camera and microphone granted to the context; the fake camera gives the " +
      "640×480 the kit asks for. Users are `bench/call.html` tabs of one context (the BroadcastChannel transport). " +
      `First frame: ${f.runs} runs (one more first, not counted), each in a new context: Alice calls Bob; once Bob's dialog is up, both pages start ` +
      "watching the other's participant tile, and Bob's page stamps `performance.timeOrigin + performance.now()` just before its programmatic click on " +
      "\"Accept\"; each page stamps the same clock at the first frame of the other's `<video>`: `requestVideoFrameCallback` firing or " +
      `\`getVideoPlaybackQuality().totalVideoFrames\` leaving 0, checked every 2 ms, whichever comes first (seen: ${f.how.join(", ")}). ` +
      "The span holds the whole join: the accept message, getUserMedia, the offer/answer and ICE over the kit's transport, DTLS, and the first decoded frame. " +
      `CPU and bytes: one context; Alice calls Bob, invites Carol (3 users), then Dave (4 users). Once every page holds its n − 1 connections "connected" ` +
      `and plays every other's video, ${md.warmUpSeconds} s pass (the senders' bandwidth estimate ramps up), then a window of ${md.options.window} s: ` +
      "the CPU time (utime + stime from `/proc/<pid>/stat`) of every process of the browser's tree (the browser, GPU/utility, network and renderer " +
      "processes; all tabs, so all users), as a share of one core of the wall time, for the whole window and per 1 s slice; and, from `getStats()` " +
      "on every page, outbound-rtp `bytesSent` and inbound-rtp `bytesReceived` (RTP payload, no headers) of each connection over the window. " +
      "Each connection is counted once per end, so a figure is one peer's view of one link. " +
      `Other work on the machine during this part: ${pct(md.otherWork)} of its CPU time.`,
  ].join("\n");
}

/** The 4-user mesh and Janus side by side, and the 10-user Janus call's first frames. */
function janusText(md, machineCores) {
  const vs = md && meshVsJanus(md);
  if (!vs) return "Not run: `bench/media.mjs` (its Janus part, bench/janus.mjs) writes the figures this section reads (target/bench/media.json).";
  const { mesh, sfu } = vs;
  const t = md.janus.ten;
  const both = sfu.cpu.cores + sfu.serverCpu.cores;
  const perUser = (m) => m.connections / m.users;
  const video = (m) => `${m.sentVideo.sizes.join(", ")}, ${m.sentVideo.fps.min}–${m.sentVideo.fps.max} fps`;
  const userRate = (st) => `${rate(st.median)} (p95 ${rate(st.p95)})`;
  const statRow = (label, st) => [label, ms(st.median), ms(st.p95), ms(st.min), ms(st.max), st.n];
  const times = (x) => (x >= 1 ? `${x.toFixed(1)}× as much` : `${(1 / x).toFixed(1)}× less`);
  const busy = Math.max(mesh.cpu.cores, sfu.cpu.cores) >= 0.75 * machineCores;
  return [
    mdTable(["4 users", "Mesh", "Janus"], [
      ["Connections per user", perUser(mesh), `${perUser(sfu)} (one publishing, one receiving the 3 others)`],
      ["Browser CPU, the 4 tabs (share of one core)", `${cores(mesh.cpu.cores)} over ${mesh.seconds.toFixed(1)} s`, `${cores(sfu.cpu.cores)} over ${sfu.seconds.toFixed(1)} s`],
      ["per 1 s slice: median, p95", `${cores(mesh.cpu.perSecond.median)}, ${cores(mesh.cpu.perSecond.p95)}`, `${cores(sfu.cpu.perSecond.median)}, ${cores(sfu.cpu.perSecond.p95)}`],
      ["The Janus server's CPU (the janus process)", "–", cores(sfu.serverCpu.cores)],
      ["Browser and server together", cores(mesh.cpu.cores), cores(both)],
      ["Sent per user, uplink: median (p95)", userRate(mesh.perUser.sent), userRate(sfu.perUser.sent)],
      ["of which video", userRate(mesh.perUser.videoSent), userRate(sfu.perUser.videoSent)],
      ["Received per user, downlink: median (p95)", userRate(mesh.perUser.received), userRate(sfu.perUser.received)],
      ["Video sent", video(mesh), video(sfu)],
    ]),
    "",
    `With 4 users, through Janus each user sends ${rate(sfu.perUser.sent.median)} against ${rate(mesh.perUser.sent.median)} in the mesh ` +
      `(${times(vs.up)}: one stream to the server instead of one to each of the ${perUser(mesh)} others) and receives ` +
      `${rate(sfu.perUser.received.median)} against ${rate(mesh.perUser.received.median)} (×${vs.down.toFixed(2)}: three streams either way). ` +
      `The browser, all four tabs, used ${cores(sfu.cpu.cores)} of one core through Janus against ${cores(mesh.cpu.cores)} in the mesh ` +
      `(×${vs.cpu.toFixed(2)}); the Janus server took ${cores(sfu.serverCpu.cores)} more (browser and server ×${(both / mesh.cpu.cores).toFixed(2)} the mesh's browser). ` +
      (busy ? `Either figure is near the machine's ${machineCores} cores: the browser is short of CPU, and the senders' encoders adapt to that ` +
        `(video sent: mesh ${mesh.sentVideo.sizes.join(", ")} at a median ${mesh.sentVideo.fps.median} fps, Janus ${sfu.sentVideo.sizes.join(", ")} at ${sfu.sentVideo.fps.median} fps), ` +
        "so the two CPU figures are of layouts that did not send the same video. " : "") +
      "Each figure is a median over the users (medians of sums over a page's connections), from one run of each layout.",
    "",
    mdTable(["10 users through Janus, the last to join", "Median", "p95", "Min", "Max", "n"], [
      statRow("Accept click → first frame of one of the 9 others' video (every run's 9, pooled)", t.perFeed),
      statRow("the same, median of a run's 9", t.runMedian),
      statRow("Accept click → the 9 others' video all shown (a run's last first frame)", t.toAll),
    ]),
    "",
    `Before each of these joins the 9 members' call alone kept the browser at ${cores(t.nineCpu.browser)} of one core and Janus at ` +
      `${cores(t.nineCpu.server)} (measured over ${t.nineCpu.seconds} s once it was up): every tab decodes 8 videos and encodes one, on ${machineCores} cores, ` +
      "so the new tab joins a browser already short of CPU: these times show the call working at 10 on this machine, not what one user's own machine would take. " +
      `From 5 members on the engine sends half-size video at 15 fps (\`SMALL_VIDEO_FROM\` in js/janus.js); the members sent ${t.sentVideo.join(", ")}. ` +
      `The 9 members' call took ${(t.upMs / 1000).toFixed(1)} s from Alice's call to every page showing every other's video playing.` +
      (t.failures.length ? ` **${t.failures.length} run(s) of ${t.runs + 1} lacked a first frame** within ${t.frameMs / 1000} s and are not in the table: ` +
        t.failures.map((x) => `run ${x.run}${x.run === 0 ? " (the uncounted one)" : ""}: no frame of ${x.missing.join(", ")} (Judy's connections ${x.connections.join(", ")})`).join("; ") + "." : ""),
    "",
    "Method: `bench/janus.mjs`, run by `bench/media.mjs` in the same namespace and browser, after the mesh part: a Janus " +
      "(`tests/e2e/janus-server.mjs`: `conf/janus`, the VideoRoom plugin, its WebSocket on 127.0.0.1, ICE on the namespace's `ifb0` address), and " +
      "`bench/call.html?media=janus&janusUrl=…` tabs, which add `janusMedia({ servers: janusUrl })` (callkit-invite/janus) with `zp.addPlugins({ media })`. " +
      `4 users: Alice calls Bob, invites Carol then Dave from the sidebar, as in the mesh; once every page holds its 2 connections "connected" and plays ` +
      `the 3 others' video, ${md.warmUpSeconds} s pass, then the same ${md.options.window} s window as the mesh's: the browser's process tree from ` +
      "`/proc/<pid>/stat`, the janus process the same way, and per page the sum over its connections of outbound-rtp `bytesSent` (uplink) and inbound-rtp " +
      "`bytesReceived` (downlink); the mesh's per-user figures are the same sums over its 3 connections. " +
      `10 users: Alice calls Bob and invites 7 more at once with \`zp.sendCallInvitation\`; once the 9 play each other's video, Judy opens a new tab, Alice ` +
      "invites her, and Judy's page stamps her programmatic click on \"Accept\" and the first frame of each of the 9 others' video as in the first-frame " +
      `runs above; she leaves, the others drop her tile, her tab closes, and the next run starts. ${t.runs} runs, one more first, not counted ` +
      "(with so few runs, p95 is the slowest).",
  ].join("\n");
}

function coreText(core) {
  if (!core) return "Not run: `cargo run --release --example core_throughput -- --json target/bench/core_throughput.json` writes the figures this section reads.";
  const base = core.rows[0];
  const kinds = Object.keys(base.kinds);
  return [
    mdTable(["Participants (N)", "`Kit::handle` ns/event", "events/s", "with JSON codec ns/event", "events/s", "ns/event vs N = 2"],
      core.rows.map((x) => [int(x.n), int(x.handleNs), int(1e9 / x.handleNs), int(x.codecNs), int(1e9 / x.codecNs), `×${(x.handleNs / base.handleNs).toFixed(1)}`])),
    "",
    "Median ns of one event by kind (`Kit::handle` only, each event timed alone):",
    "",
    mdTable(["N", ...kinds], core.rows.map((x) => [int(x.n), ...kinds.map((k) => int(x.kinds[k]))])),
    "",
    "Method: `examples/core_throughput.rs`, native, built with the crate's release profile (`opt-level = \"z\"`, LTO, as the wasm is), " +
      "run by `cargo run --release --example core_throughput`. One kit joins a room (`JoinRoom`, nine invitable users in its list), then a " +
      "`Present` roster from another participant puts it in a call of N. A round is a realistic mix of " +
      `${core.round.length} events: ${core.round.join(", ")} — a participant's full roster, a roster that lacks this kit's user (it answers with its own), ` +
      "an in-call invite of one user and that user's decline, `Tick`, the sidebar opened, a row toggled twice and closed, and a participant " +
      "leaving and coming back with its roster; each round leaves the kit as it found it. \"`Kit::handle`\" times only the state machine (inputs " +
      "are built and decoded before the clock starts); \"with JSON codec\" also decodes each received message's text and encodes each message the kit " +
      `sends, as the web runtime does. Batches of rounds repeat until at least ${core.minTimedMs} ms were timed (\`Instant\`); the figure is the median ` +
      `of ${core.runs} such runs.`,
  ].join("\n");
}
