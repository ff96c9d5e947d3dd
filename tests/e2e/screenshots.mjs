// Screenshots for docs/: the Invitees sidebar and the incoming-call dialog, desktop and mobile.
//   node tests/e2e/screenshots.mjs        (after scripts/build.sh; starts its own server)
// Not a test file; it uses the same plumbing as the e2e tests (tests/e2e/support.mjs).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  ROOT, startServer, launchBrowser, Session, front, callAndAccept, openInvitees, inviteOnly, waitForParticipants, callPage,
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
  await alice.evaluate(() => document.activeElement?.blur());
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

async function shoot(browser, base, options, scene, file) {
  const s = await Session.create(browser, base, options);
  try {
    const page = await scene(s);
    // Let the entrance animations (0.18 s) finish.
    await page.waitForTimeout(400);
    const stage = callPage(page);
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
try {
  await shoot(browser, server.base, DESKTOP, sidebarScene, "sidebar.png");
  await shoot(browser, server.base, MOBILE, sidebarScene, "sidebar-mobile.png");
  await shoot(browser, server.base, DESKTOP, incomingScene, "incoming.png");
  await shoot(browser, server.base, MOBILE, incomingScene, "incoming-mobile.png");
} finally {
  await browser.close();
  await server.stop();
}
