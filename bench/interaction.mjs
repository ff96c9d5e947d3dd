// Interaction: Alice, Bob and Carol in tabs of one browser context (they share the kit's
// BroadcastChannel). Alice calls Bob, Bob accepts; then, in Alice's tab, the sidebar and list
// update rounds; then, across tabs, Alice invites Carol (Carol declines) and Alice invites
// Carol (Carol accepts, then leaves), each round timed by stamps taken in the pages.
import { summarize } from "./stats.mjs";
import { callAndAccept, openUser } from "./browser.mjs";

export async function interaction(browser, origin, { rounds = 50 } = {}) {
  const errors = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const pages = {};
    for (const id of ["alice", "bob", "carol"]) pages[id] = await openUser(context, origin, id, errors);
    return await run(pages, rounds, errors);
  } finally {
    await context.close();
  }
}

async function run({ alice, bob, carol }, rounds, errors) {
  await callAndAccept(alice, bob, "bob");

  await alice.bringToFront();
  const sidebar = await alice.evaluate((n) => bench.sidebarRounds(n), rounds);
  const menuItem = await alice.evaluate((n) => bench.menuItemRounds(n), rounds);
  const list = await alice.evaluate((n) => bench.listRounds(n), rounds);
  const noFocus = await alice.evaluate((n) => bench.menuItemRoundsWithoutFocus(n), rounds);
  const floor = await alice.evaluate((n) => bench.floorRounds(n), rounds);

  // The floor: a bare BroadcastChannel message from Alice's tab to Carol's.
  await carol.bringToFront();
  const ping = [];
  for (let i = 0; i < rounds; i++) {
    await carol.evaluate(() => bench.armPing("ping"));
    await alice.evaluate(() => bench.sendPing());
    const { at, sent } = await carol.evaluate(() => bench.take("ping"));
    ping.push(at - sent);
  }

  // Invite → the callee's dialog; Carol declines between rounds.
  const invite = { dom: [], framed: [] };
  for (let i = 0; i < rounds; i++) {
    await carol.evaluate(() => bench.arm("dialog", "dialog"));
    const sent = await alice.evaluate(() => bench.inviteOnly("Carol"));
    const { at, framedAt } = await carol.evaluate(() => bench.take("dialog"));
    invite.dom.push(at - sent);
    invite.framed.push(framedAt - sent);
    await alice.evaluate(() => bench.arm("gone", "no-tile:Carol"));
    await carol.evaluate(() => bench.answer("Decline"));
    await alice.evaluate(() => bench.take("gone"));
  }

  // Accept → the inviter's new tile; Carol leaves between rounds.
  await alice.bringToFront();
  const accept = { dom: [], framed: [] };
  for (let i = 0; i < rounds; i++) {
    await carol.evaluate(() => bench.arm("dialog", "dialog"));
    await alice.evaluate(() => bench.inviteOnly("Carol"));
    await carol.evaluate(() => bench.take("dialog"));
    await alice.evaluate(() => bench.arm("tile", "tile:Carol"));
    const sent = await carol.evaluate(() => bench.answer("Accept"));
    const { at, framedAt } = await alice.evaluate(() => bench.take("tile"));
    accept.dom.push(at - sent);
    accept.framed.push(framedAt - sent);
    await carol.evaluate(() => bench.inCall());
    await alice.evaluate(() => bench.arm("gone", "no-tile:Carol"));
    await carol.evaluate(() => bench.leave());
    await alice.evaluate(() => bench.take("gone"));
  }

  if (errors.length) throw new Error(`the bench pages reported errors:\n  ${errors.join("\n  ")}`);
  const pick = (list, key) => summarize(list.map((r) => r[key]));
  return {
    rounds,
    sidebar: { sync: pick(sidebar, "sync"), frame: pick(sidebar, "frame"), rendered: pick(sidebar, "rendered") },
    menuItem: { sync: pick(menuItem, "sync"), frame: pick(menuItem, "frame"), rendered: pick(menuItem, "rendered") },
    list: { sync: pick(list, "sync"), frame: pick(list, "frame"), rendered: pick(list, "rendered") },
    noFocus: { sync: pick(noFocus, "sync"), frame: pick(noFocus, "frame"), rendered: pick(noFocus, "rendered") },
    idle: { frame: pick(floor.idle, "frame"), rendered: pick(floor.idle, "rendered") },
    popup: { sync: pick(floor.popup, "sync"), frame: pick(floor.popup, "frame"), rendered: pick(floor.popup, "rendered") },
    ping: summarize(ping),
    invite: { dom: summarize(invite.dom), framed: summarize(invite.framed) },
    accept: { dom: summarize(accept.dom), framed: summarize(accept.framed) },
  };
}
