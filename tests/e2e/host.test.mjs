// The kit in an app's page (tests/e2e/fixtures/host.html): a 560 px container among the app's
// own content, the app's global CSS, a container without a height, toasts and the "Calling…"
// page inside the container, a broken avatar URL, the control bar without "More".
import assert from "node:assert/strict";
import { suite, waitUntil } from "./support.mjs";

const e2e = suite();

/** Opens the host page with `params` (host.js lists them) and waits until its kits are ready. */
async function host(s, params = {}) {
  const page = await s.goto(`../tests/e2e/fixtures/host.html?${new URLSearchParams(params)}`, `host ${JSON.stringify(params)}`);
  await page.waitForSelector("body[data-ready=true]");
  return page;
}

/** Alice calls Bob, who accepts: the call page is in the container. */
async function inCall(page) {
  await page.evaluate(() => scene.call());
  await page.locator("#call").getByRole("button", { name: "Leave call", exact: true }).waitFor();
}

/** The rectangle of the first element `selector` matches inside the kit's roots under #call. */
const rect = (page, selector) => page.evaluate((selector) => {
  const el = selector === "#call" ? document.querySelector("#call") : kitOne(selector, document.querySelector("#call"));
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height };
}, selector);

const inside = (a, b) => a.l >= b.l - 0.5 && a.t >= b.t - 0.5 && a.r <= b.r + 0.5 && a.b <= b.b + 0.5;

/** Boxes (relative to the kit's element) and the styles the page's CSS would change, of the call page with the sidebar open. */
const measure = (page) => page.evaluate(() => {
  const call = document.querySelector("#call");
  const h = call.querySelector("callkit-invite").getBoundingClientRect();
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left - h.left, r.top - h.top, r.width, r.height].map((v) => Math.round(v)); };
  const style = (el) => {
    const c = getComputedStyle(el);
    return [c.fontFamily, c.fontSize, c.fontStyle, c.color, c.padding, c.margin, c.letterSpacing, c.textTransform, c.borderTopWidth, c.transform, c.display].join(" | ");
  };
  const els = kitAll(".cki-bar button:not([hidden]), [role=dialog]:not([data-closed]) :is(li, h2, button, input), .cki-tile, .cki-tile-name", call);
  return els.map((e) => ({ what: `${e.tagName.toLowerCase()} ${e.getAttribute("aria-label") ?? e.textContent.trim().slice(0, 24)}`, box: box(e), style: style(e) }));
});

async function openInvitees(page) {
  const call = page.locator("#call");
  await call.getByRole("button", { name: "More", exact: true }).click();
  await call.getByRole("menuitem", { name: "Invite members", exact: true }).click();
  await call.getByRole("dialog", { name: "Invitees" }).waitFor();
}

e2e("the page's aggressive global CSS (button, li, div, h2, *) does not reach the kit: the call page and the open sidebar measure and style the same", async (s) => {
  const seen = {};
  for (const css of ["none", "hostile"]) {
    const page = await host(s, { css });
    await inCall(page);
    await openInvitees(page);
    seen[css] = await measure(page);
    if (css === "hostile") {
      // The rules are live: they restyle the page's own button and list items.
      const own = await page.evaluate(() => [getComputedStyle(document.querySelector("header button")).paddingTop, getComputedStyle(document.querySelector("nav li")).marginTop]);
      assert.deepEqual(own, ["30px", "30px"], "the hostile CSS applies to the page's own elements");
    }
    await page.close();
  }
  assert.ok(seen.none.length >= 12, `bar buttons, sidebar rows, heading and tiles measured: ${seen.none.length}`);
  // Same styles; same boxes to the pixel (sub-pixel offsets of the page may round either way).
  const near = (a, b) => a.length === b.length && a.every((x, i) => x.what === b[i].what && x.style === b[i].style && x.box.every((v, j) => Math.abs(v - b[i].box[j]) <= 1));
  assert.ok(near(seen.hostile, seen.none), `the kit's elements are the same with and without the page's CSS:\n${JSON.stringify(seen.hostile.filter((x, i) => JSON.stringify(x) !== JSON.stringify(seen.none[i])).slice(0, 5))}\nvs\n${JSON.stringify(seen.none.filter((x, i) => JSON.stringify(x) !== JSON.stringify(seen.hostile[i])).slice(0, 5))}`);
});

e2e("a container without a height still shows the call: at least 320 px tall, the tiles and the control bar visible", async (s) => {
  const page = await host(s, { height: "none" });
  await inCall(page);
  const stage = await rect(page, ".cki-call");
  assert.ok(stage.h >= 320, `the call page is ${stage.h} px tall`);
  const leave = await page.locator("#call").getByRole("button", { name: "Leave call", exact: true }).boundingBox();
  assert.ok(leave && leave.height > 0 && leave.y + leave.height <= stage.b + 0.5, `the Leave call button is inside the call page: ${JSON.stringify(leave)}`);
  const tile = await rect(page, ".cki-tile");
  assert.ok(tile.h > 40 && inside(tile, stage), `a tile is shown inside the call page: ${JSON.stringify(tile)}`);
});

e2e("in a 560 px container, the \"Calling…\" page and a toast during the call stay inside the container", async (s) => {
  // The "Calling…" page shows before the callee accepts, so before this call's room config is
  // asked for: it goes into the container the kit was last given (here by joinRoom).
  const ringing = await host(s, { bob: "none" });
  await ringing.evaluate(() => scene.joinAndLeave());
  await ringing.evaluate(() => { scene.call(); });
  await ringing.locator("#call").getByRole("button", { name: "Cancel call", exact: true }).waitFor();
  const container = await rect(ringing, "#call");
  assert.equal(Math.round(container.w), 560);
  const calling = await rect(ringing, ".cki-calling");
  assert.ok(calling && inside(calling, container) && calling.w === container.w, `the Calling… page fills the container: ${JSON.stringify({ calling, container })}`);

  const page = await host(s);
  await inCall(page);
  await page.evaluate(() => scene.inviteCarol());
  const toast = page.getByRole("status").getByText("Carol declined", { exact: true });
  await toast.waitFor();
  const box = await toast.boundingBox();
  const area = await rect(page, "#call");
  assert.ok(inside({ l: box.x, t: box.y, r: box.x + box.width, b: box.y + box.height }, area), `the toast is inside the container: ${JSON.stringify({ box, area })}`);
});

e2e("a broken avatar URL falls back to the user's initial", async (s) => {
  // Port 9 on loopback refuses the connection: the image fails at once.
  const page = await host(s, { avatar: "http://127.0.0.1:9/alice.png" });
  await inCall(page);
  const own = page.locator("#call").getByRole("group", { name: "Alice", exact: true });
  await waitUntil(() => own.evaluate((tile) => {
    const avatar = tile.querySelector(".cki-avatar");
    return !avatar.querySelector("img") && avatar.textContent.trim() === "A";
  }), { message: async () => `Alice's avatar to show "A": ${await own.evaluate((t) => t.querySelector(".cki-avatar").outerHTML)}` });
});

e2e("without \"More\" (inviting off), the control bar's buttons keep even gaps and stay centred", async (s) => {
  for (const invite of ["on", "off"]) {
    const page = await host(s, { invite });
    await inCall(page);
    const geometry = await page.evaluate(() => {
      const bar = kitOne(".cki-bar", document.querySelector("#call"));
      const b = bar.getBoundingClientRect();
      const buttons = [...bar.children].filter((e) => e.getClientRects().length).map((e) => e.getBoundingClientRect());
      const gaps = buttons.slice(1).map((r, i) => Math.round(r.left - buttons[i].right));
      return { gaps, left: Math.round(buttons[0].left - b.left), right: Math.round(b.right - buttons.at(-1).right), n: buttons.length };
    });
    assert.equal(geometry.n, invite === "on" ? 4 : 3, `${invite}: visible bar items ${JSON.stringify(geometry)}`);
    assert.equal(new Set(geometry.gaps).size, 1, `${invite}: even gaps between the bar's buttons: ${JSON.stringify(geometry)}`);
    assert.ok(Math.abs(geometry.left - geometry.right) <= 1, `${invite}: the buttons are centred: ${JSON.stringify(geometry)}`);
    await page.close();
  }
});
