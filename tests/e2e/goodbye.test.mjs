// A tab that closes says goodbye (SPEC §7, liveness): the caller's tab closing stops the callee's
// ringing within 2 s, the callee's tab closing ends the caller's "Calling…" page, and in a 1:1
// call the other side's tile goes when its tab closes.
import assert from "node:assert/strict";
import { suite, front, callAndAccept, callPage, tileNames, waitForParticipants, waitUntil } from "./support.mjs";

const e2e = suite();

/** Closes `page` as a user closing the tab does: `pagehide` fires. */
const closeTab = (page) => page.close({ runBeforeUnload: true });

e2e("the caller closes its tab: the callee stops ringing within 2 s", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await front(alice);
  await alice.getByRole("button", { name: "Video call Bob", exact: true }).click();
  const ringing = bob.getByRole("alertdialog");
  await ringing.waitFor();
  const closedAt = Date.now();
  await closeTab(alice);
  await ringing.waitFor({ state: "detached", timeout: 2000 });
  assert.ok(Date.now() - closedAt <= 2000);
});

e2e("the callee closes its tab while ringing: the caller's \"Calling…\" page ends", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await front(alice);
  await alice.getByRole("button", { name: "Video call Bob", exact: true }).click();
  await bob.getByRole("alertdialog").waitFor();
  await alice.locator(".cki-calling").waitFor();
  await closeTab(bob);
  await alice.locator(".cki-calling").waitFor({ state: "detached", timeout: 2000 });
  assert.equal(await callPage(alice).count(), 0, "no call is left behind");
});

e2e("in a 1:1 call, the other side closing its tab takes its tile away", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await callAndAccept(alice, bob, "Bob");
  await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
  await closeTab(bob);
  // The call ends, or (a group call by policy) Alice stays alone in it: Bob's tile is gone.
  await waitUntil(async () => (await callPage(alice).count()) === 0 || !(await tileNames(alice)).includes("Bob"),
    { timeout: 2000, message: "Bob's tile to go" });
});

e2e("in a group call, a member closing its tab leaves the others' call at once", async (s) => {
  const [alice, bob, carol] = await s.users("alice", "bob", "carol");
  await front(alice);
  await alice.evaluate(() => globalThis.zp.sendCallInvitation({ callees: [{ userID: "bob", userName: "Bob" }, { userID: "carol", userName: "Carol" }], callType: 1 }));
  for (const page of [bob, carol]) {
    const ringing = page.getByRole("alertdialog");
    await ringing.waitFor();
    await front(page);
    await ringing.getByRole("button", { name: "Accept", exact: true }).click();
  }
  await waitForParticipants(alice, ["Alice", "Bob", "Carol"], "Alice");
  await closeTab(carol);
  await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
  await waitForParticipants(bob, ["Alice", "Bob"], "Bob");
});
