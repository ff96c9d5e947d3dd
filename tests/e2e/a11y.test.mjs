// axe-core scans of the kit's UI: the call page with the Invitees sidebar open, the caller's
// "Calling…" page and the incoming-call dialog. Violations of impact "serious" or "critical"
// inside the kit's elements fail the test; every violation found (kit-scoped or in a
// whole-page run, which includes the demo's own page) is printed.
//
// axe is injected with page.addScriptTag, an inline script that the demo's CSP forbids, so
// these contexts bypass the CSP (the other test files check that the demo runs under it).
import assert from "node:assert/strict";
import { suite, front, callAndAccept, openInvitees, AXE_PATH } from "./support.mjs";

const e2e = suite();
const FATAL = new Set(["serious", "critical"]);
/** The kit's elements: the hosts of its shadow roots (its layer: toasts, incoming dialog; its pages in the container). */
const KIT = ["callkit-invite"];

async function axe(page, include) {
  if (!(await page.evaluate(() => typeof globalThis.axe === "object"))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (include) => {
    const context = include ? { include: include.filter((sel) => document.querySelector(sel)) } : document;
    const result = await globalThis.axe.run(context, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary?.replace(/\s+/g, " ") })),
    }));
  }, include);
}

function print(t, label, violations) {
  t.diagnostic(`${label}: ${violations.length} violation(s)`);
  for (const v of violations) {
    t.diagnostic(`  [${v.impact}] ${v.id}: ${v.help}`);
    for (const n of v.nodes) t.diagnostic(`      ${n.target} — ${n.summary}`);
  }
}

/**
 * Reported bugs, each also asserted by its own `todo` test below: left out of the other scans
 * so that those still catch new violations. Remove an entry (and the todo) once it is fixed.
 */
const KNOWN = [];
const isKnown = (v, n) => KNOWN.some((k) => k.id === v.id && n.target === k.target);

/** Scans `page` kit-scoped (fatal) and whole-page (reported); asserts no serious/critical kit violation. */
async function scan(t, page, label, { known = true } = {}) {
  const kit = await axe(page, KIT);
  print(t, `${label} (kit elements)`, kit);
  print(t, `${label} (whole page, reported only)`, await axe(page, null));
  const fatal = kit
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !(known && isKnown(v, n))) }))
    .filter((v) => FATAL.has(v.impact) && v.nodes.length);
  assert.deepEqual(fatal.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`), [],
    `${label}: serious/critical axe violations in the kit's UI`);
}

e2e("axe: the call page with the Invitees sidebar open (known bugs excluded)", { context: { bypassCSP: true } }, async (s, t) => {
  const [alice, bob, carol] = await s.users("alice", "bob", "carol");
  await callAndAccept(alice, bob, "Bob");
  // A richer page: Carol ringing gives a waiting tile and a "Calling…" row.
  await openInvitees(alice);
  await alice.getByRole("checkbox", { name: "Dave", exact: true }).uncheck();
  await alice.keyboard.press("Escape");
  await alice.evaluate(() => globalThis.zp.sendCallInvitation({ callees: [{ userID: "carol", userName: "Carol" }], timeout: 30 }));
  await carol.getByRole("alertdialog").waitFor();
  const sidebar = await openInvitees(alice);
  await sidebar.getByText("Calling…").waitFor();
  await sidebar.getByText("In call").waitFor();
  await scan(t, alice, "Alice: call page + sidebar");
  await scan(t, bob, "Bob: call page with a waiting tile");
});

e2e("axe: the incoming-call dialog and the caller's \"Calling…\" page", { context: { bypassCSP: true } }, async (s, t) => {
  const [alice, bob] = await s.users("alice", "bob");
  await front(alice);
  await alice.getByRole("button", { name: "Video call Bob", exact: true }).click();
  await bob.getByRole("alertdialog").waitFor();
  await alice.locator(".cki-calling").waitFor();
  await scan(t, bob, "Bob: incoming dialog");
  await scan(t, alice, "Alice: Calling… page");
});

for (const k of KNOWN) {
  e2e(`axe: no ${k.id} violation on ${k.target} in the call page`, { context: { bypassCSP: true }, todo: k.bug }, async (s, t) => {
    const [alice, bob] = await s.users("alice", "bob");
    await callAndAccept(alice, bob, "Bob");
    await scan(t, alice, "Alice: call page", { known: false });
  });
}
