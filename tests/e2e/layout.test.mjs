// The call page's layout (SPEC §8: 10 participants and 9 waiting tiles without overlap, desktop
// and phone). One tab per screen size: the demo as Alice, the other members are kits inside the
// same page (support.mjs crowdCall), so a 19-tile call takes a few seconds, not ten tabs.
// The tiles get their video, "Microphone off" and "Reconnecting…" elements shown (showMedia:
// injected for layout only while the build's tiles lack them, the kit's own once they exist).
import assert from "node:assert/strict";
import { suite, crowdCall, showMedia, openInvitees } from "./support.mjs";

const e2e = suite();

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * Every tile of the call page, its name, "Cancel call", badge and status, and the bar, the grid's
 * visible box and the sidebar, as rectangles { l, t, r, b } read in one go (one scroll state).
 */
function measure(page) {
  return page.evaluate(() => {
    const box = (el) => {
      if (!el || el.closest("[hidden]")) return null;
      const r = el.getBoundingClientRect();
      return { l: r.left, t: r.top, r: r.right, b: r.bottom };
    };
    const call = kitOne(".cki-call", document.querySelector("#stage"));
    const grid = call.querySelector(".cki-grid");
    const g = grid.getBoundingClientRect();
    const sidebar = call.querySelector(".cki-sidebar:not([data-closed])");
    return {
      bar: box(call.querySelector(".cki-bar")),
      grid: { l: g.left + grid.clientLeft, t: g.top + grid.clientTop, r: g.left + grid.clientLeft + grid.clientWidth, b: g.top + grid.clientTop + grid.clientHeight },
      sidebar: box(sidebar),
      view: { l: 0, t: 0, r: innerWidth, b: innerHeight },
      tiles: [...grid.children].map((tile) => {
        const name = tile.querySelector(".cki-tile-name");
        return {
          label: tile.getAttribute("aria-label"),
          waiting: tile.classList.contains("cki-waiting"),
          box: box(tile),
          name: box(name),
          nameText: name.textContent,
          nameCut: name.scrollWidth > name.clientWidth + 1,
          cancel: box(tile.querySelector(".cki-tile-cancel")),
          micOff: box(tile.querySelector(".cki-mic-off")),
          status: box(tile.querySelector(".cki-tile-status")),
        };
      }),
    };
  });
}

const overlap = (a, b) => Math.min(a.r, b.r) - Math.max(a.l, b.l) > 0.5 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 0.5;
const inside = (a, outer) => a.l >= outer.l - 0.5 && a.t >= outer.t - 0.5 && a.r <= outer.r + 0.5 && a.b <= outer.b + 0.5;
const show = (r) => r && `[${Math.round(r.l)},${Math.round(r.t)} → ${Math.round(r.r)},${Math.round(r.b)}]`;

/** Tiles apart, their parts inside them, nothing over the bar. */
function assertLaidOut(m, where) {
  const { tiles, bar, grid, view } = m;
  assert.ok(inside(bar, view), `${where}: the control bar ${show(bar)} is on screen ${show(view)}`);
  assert.ok(grid.b <= bar.t + 0.5, `${where}: the grid's visible box ${show(grid)} ends above the bar ${show(bar)}`);
  for (const [i, a] of tiles.entries()) {
    assert.ok(a.box.r - a.box.l >= 100 && a.box.b - a.box.t >= 60, `${where}: ${a.label}'s tile ${show(a.box)} is big enough to see`);
    for (const b of tiles.slice(i + 1)) assert.ok(!overlap(a.box, b.box), `${where}: ${a.label}'s tile ${show(a.box)} overlaps ${b.label}'s ${show(b.box)}`);
    for (const part of ["name", "cancel", "micOff", "status"]) {
      if (a[part]) assert.ok(inside(a[part], a.box), `${where}: ${a.label}'s ${part} ${show(a[part])} lies inside the tile ${show(a.box)}`);
    }
    assert.ok(a.name, `${where}: ${a.label}'s tile shows a name`);
    if (a.nameText.length <= 8) assert.ok(!a.nameCut, `${where}: the name "${a.nameText}" is shown whole`);
    if (a.micOff) assert.ok(!overlap(a.micOff, a.name), `${where}: ${a.label}'s mic-off badge ${show(a.micOff)} clears the name ${show(a.name)}`);
    if (a.waiting) assert.ok(a.cancel && !overlap(a.cancel, a.name), `${where}: ${a.label}'s "Cancel call" is shown, apart from the name`);
  }
}

/**
 * Scrolls each tile into view inside the grid (the page itself does not scroll) and checks that
 * it then lies whole in the grid's visible box, and that its name and "Cancel call" are what a
 * tap in their middle hits (not covered by a video, a badge or another tile).
 */
async function assertReachable(page, where) {
  const tiles = page.locator("#stage .cki-call .cki-grid > *");
  const n = await tiles.count();
  for (let i = 0; i < n; i++) {
    const seen = await tiles.nth(i).evaluate((tile) => {
      tile.scrollIntoView({ block: "nearest", inline: "nearest" });
      const grid = tile.parentElement;
      const g = grid.getBoundingClientRect();
      const t = tile.getBoundingClientRect();
      const visible = t.top >= g.top + grid.clientTop - 0.5 && t.bottom <= g.top + grid.clientTop + grid.clientHeight + 0.5 && t.bottom <= innerHeight;
      const hits = (el) => {
        if (!el) return true;
        const r = el.getBoundingClientRect();
        const top = el.getRootNode().elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return el.contains(top);
      };
      return { label: tile.getAttribute("aria-label"), visible, name: hits(tile.querySelector(".cki-tile-name")), cancel: hits(tile.querySelector(".cki-tile-cancel")) };
    });
    assert.ok(seen.visible, `${where}: ${seen.label}'s tile scrolls whole into the grid's visible box`);
    assert.ok(seen.name, `${where}: ${seen.label}'s name is on top where it is drawn`);
    assert.ok(seen.cancel, `${where}: ${seen.label}'s "Cancel call" is on top where it is drawn`);
  }
}

for (const [label, context] of [["1280×800", DESKTOP], ["390×844 phone", PHONE]]) {
  e2e(`${label}: 3 participants get large tiles; 10 participants and 9 waiting tiles neither overlap each other nor the bar, and scroll inside the grid`, { context }, async (s) => {
    const page = await s.open("alice");
    const phone = context === PHONE;

    await crowdCall(page, { participants: 3, waiting: 0 });
    await showMedia(page, { reconnecting: (i) => i === 1 });
    let m = await measure(page);
    assertLaidOut(m, `${label}, 3 participants`);
    const gridWidth = m.grid.r - m.grid.l;
    for (const { label: who, box } of m.tiles) {
      const [w, h] = [box.r - box.l, box.b - box.t];
      // Desktop: two columns of ~16:9 tiles; phone: one column, tiles sharing the height.
      if (phone) assert.ok(w >= gridWidth - 30 && h >= 200, `${label}: ${who}'s tile ${w}×${h} spans the width and is tall`);
      else assert.ok(w >= gridWidth * 0.4 && Math.abs(w / h - 16 / 9) < 0.1, `${label}: ${who}'s tile ${w}×${h} is large and about 16:9`);
    }

    await crowdCall(page, { participants: 10, waiting: 9 });
    await showMedia(page, { reconnecting: (i) => i === 4 });
    m = await measure(page);
    assertLaidOut(m, `${label}, 10 + 9 tiles`);
    await assertReachable(page, `${label}, 10 + 9 tiles`);
    assert.equal(await page.evaluate(() => scrollY), 0, `${label}: the grid scrolled, not the page`);

    // The Invitees sidebar: beside the grid on a desktop (which narrows), a bottom sheet on a phone.
    await openInvitees(page);
    await page.waitForTimeout(250); // its entrance animation
    m = await measure(page);
    assertLaidOut(m, `${label}, 10 + 9 tiles, sidebar open`);
    if (!phone) {
      assert.ok(m.grid.r <= m.sidebar.l + 0.5, `${label}: the grid ${show(m.grid)} narrows beside the sidebar ${show(m.sidebar)}`);
      for (const t of m.tiles) assert.ok(!overlap(t.box, m.sidebar), `${label}: ${t.label}'s tile ${show(t.box)} is not under the sidebar`);
      await assertReachable(page, `${label}, 10 + 9 tiles, sidebar open`);
    } else {
      assert.ok(m.sidebar.b >= m.view.b - 0.5 && m.sidebar.l <= 0.5, `${label}: the sidebar ${show(m.sidebar)} is a bottom sheet`);
    }
  });
}
