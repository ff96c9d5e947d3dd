// Screenshots for docs/: the Invitees sidebar, the incoming-call dialog, and the call page with
// 3 participants and with 10 participants and 9 waiting tiles, desktop and mobile.
//   node tests/e2e/screenshots.mjs [name...]   (after scripts/build.sh; starts its own server;
//                                               names such as call-10 pick some pictures)
// Not a test file; it uses the same plumbing as the e2e tests (tests/e2e/support.mjs).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  ROOT, startServer, launchBrowser, Session, front, callAndAccept, openInvitees, inviteOnly, waitForParticipants, callPage,
  crowdCall, showMedia,
} from "./support.mjs";

const OUT = join(ROOT, "docs");
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const MOBILE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A call of Alice, Bob and Carol, Dave invited and still ringing; Alice's sidebar open, Erin and Frank checked. */
async function sidebarScene(s) {
  const [alice, bob, carol, dave] = await s.users("alice", "bob", "carol", "dave");
  await callAndAccept(alice, bob, "Bob");
  await inviteOnly(await openInvitees(alice), ["Carol"]);
  await carol.getByRole("alertdialog").waitFor();
  await front(carol);
  await carol.getByRole("button", { name: "Accept", exact: true }).click();
  await waitForParticipants(alice, ["Alice", "Bob", "Carol"], "Alice");
  await alice.evaluate(() => globalThis.zp.sendCallInvitation({ callees: [{ userID: "dave", userName: "Dave" }], timeout: 120 }));
  await dave.getByRole("alertdialog").waitFor();
  const sidebar = await openInvitees(alice);
  // Rows keep their checked state from the first sidebar (only Carol was left checked then).
  for (const name of ["Erin", "Frank"]) await sidebar.getByRole("checkbox", { name, exact: true }).check();
  await sidebar.getByText("Calling…").waitFor();
  await sidebar.getByRole("list").evaluate((rows) => { rows.scrollTop = 0; });
  await front(alice);
  await alice.mouse.move(0, 0);
  await alice.evaluate(() => deepActive()?.blur());
  return alice;
}

/** Alice calls Bob; Bob's page with the incoming dialog. */
async function incomingScene(s) {
  const [alice, bob] = await s.users("alice", "bob");
  await front(alice);
  await alice.getByRole("button", { name: "Video call Bob", exact: true }).click();
  await bob.getByRole("alertdialog").waitFor();
  await front(bob);
  return bob;
}

/**
 * Alice's call of `participants` (and `waiting` invitees who have not answered), every member in
 * her one tab (support.mjs crowdCall). The tiles show a drawn test picture as video on two tiles
 * of three, "Microphone off" on some, "Reconnecting…" over one video: injected for the picture only
 * while the build's tiles lack the media elements (showMedia).
 */
const crowdScene = (participants, waiting) => async (s) => {
  const alice = await s.open("alice");
  await crowdCall(alice, { participants, waiting });
  await showMedia(alice, { picture: true, video: (i) => i % 3 !== 1, micOff: (i) => i % 4 === 2, reconnecting: (i) => i === 3 });
  await front(alice);
  return alice;
};

/**
 * The kit in an app's page (tests/e2e/fixtures/host.html): Alice's call with Bob in the page's
 * 560 px container, Dave invited and still ringing; with `sidebar`, the Invitees sidebar open.
 * `params` go to the page (`css: "hostile"`: the page's aggressive global CSS).
 */
const hostScene = (params, { sidebar = false } = {}) => async (s) => {
  const page = await s.goto(`../tests/e2e/fixtures/host.html?${new URLSearchParams(params)}`, "host");
  await page.waitForSelector("body[data-ready=true]");
  await page.evaluate(() => scene.call());
  const call = page.locator("#call");
  await call.getByRole("button", { name: "Leave call", exact: true }).waitFor();
  await page.evaluate(() => scene.inviteDave());
  await call.getByText("Calling…").first().waitFor();
  if (sidebar) {
    await call.getByRole("button", { name: "More", exact: true }).click();
    await call.getByRole("menuitem", { name: "Invite members", exact: true }).click();
    await call.getByRole("dialog", { name: "Invitees" }).waitFor();
    await page.mouse.move(0, 0);
    await page.evaluate(() => deepActive()?.blur());
  }
  return page;
};

async function shoot(browser, base, options, scene, file) {
  const s = await Session.create(browser, base, options);
  try {
    const page = await scene(s);
    // Let the entrance animations (0.18 s) finish.
    await page.waitForTimeout(400);
    const stage = callPage(page).first(); // the crowd scene's other members have theirs off-screen, later in the page
    if (await stage.count()) await stage.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, file) });
    const problems = [...s.csp, ...s.pageErrors];
    console.log(`${file}: ${options.viewport.width}x${options.viewport.height}${problems.length ? ` (page problems: ${problems.join("; ")})` : ""}`);
  } finally {
    await s.close();
  }
}

await mkdir(OUT, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
const PICTURES = [
  [DESKTOP, sidebarScene, "sidebar.png"],
  [MOBILE, sidebarScene, "sidebar-mobile.png"],
  [DESKTOP, incomingScene, "incoming.png"],
  [MOBILE, incomingScene, "incoming-mobile.png"],
  [DESKTOP, crowdScene(10, 9), "call-10.png"],
  [MOBILE, crowdScene(10, 9), "call-10-mobile.png"],
  [DESKTOP, crowdScene(3, 0), "call-3.png"],
  [MOBILE, crowdScene(3, 0), "call-3-mobile.png"],
  [DESKTOP, hostScene({}), "call-560.png"],
  [DESKTOP, hostScene({ css: "hostile" }, { sidebar: true }), "host-css.png"],
];
const only = process.argv.slice(2);
try {
  for (const [options, scene, file] of PICTURES) {
    if (!only.length || only.some((name) => file.startsWith(name))) await shoot(browser, server.base, options, scene, file);
  }
} finally {
  await browser.close();
  await server.stop();
}
