// "Only the initiator can invite": the initiator's setting travels with the call and decides
// what a non-initiator sees, whatever the non-initiator's own setting is.
import assert from "node:assert/strict";
import { suite, front, callAndAccept, callPage, waitForParticipants, waitUntil } from "./support.mjs";

const e2e = suite();

/** Whether `page` offers "Invite members" in its call: opens "More" if it is shown. */
async function offersInvite(page) {
  await front(page);
  const more = callPage(page).getByRole("button", { name: "More", exact: true });
  if (!(await more.isVisible())) return false;
  await more.click();
  const item = page.getByRole("menuitem", { name: "Invite members", exact: true });
  const offered = await item.isVisible();
  await page.keyboard.press("Escape");
  return offered;
}

const onlyInitiator = (page) => page.getByRole("checkbox", { name: "Only the initiator can invite", exact: true });

e2e("onlyInitiatorCanInvite on (Alice's setting): Bob, not the initiator, sees no \"Invite members\"; Alice does", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  await front(alice);
  await onlyInitiator(alice).check();
  assert.equal(await onlyInitiator(bob).isChecked(), false, "Bob's own setting stays off");

  await callAndAccept(alice, bob, "Bob");
  await waitForParticipants(bob, ["Alice", "Bob"], "Bob");
  assert.equal(await offersInvite(bob), false, "Bob (not the initiator) must not be offered \"Invite members\"");
  assert.equal(await offersInvite(alice), true, "Alice (the initiator) is offered \"Invite members\"");
  // The same rule holds in the API during the call.
  const err = await bob.evaluate(() => globalThis.zp.sendCallInvitation({ callees: [{ userID: "carol", userName: "Carol" }], timeout: 2 })
    .then(() => "resolved", (e) => e.message));
  assert.equal(err, "Only initiator can invite");
});

e2e("onlyInitiatorCanInvite off: Bob, not the initiator, sees \"Invite members\"", async (s) => {
  const [alice, bob] = await s.users("alice", "bob");
  assert.equal(await onlyInitiator(alice).isChecked(), false, "the demo starts with the switch off");
  await callAndAccept(alice, bob, "Bob");
  await waitForParticipants(bob, ["Alice", "Bob"], "Bob");
  assert.equal(await offersInvite(bob), true, "Bob must be offered \"Invite members\"");
  assert.equal(await offersInvite(alice), true);
});

e2e("the policy belongs to the call: after it ends, Bob's own calls let him invite again", async (s) => {
  const [alice, bob, carol] = await s.users("alice", "bob", "carol");
  await front(alice);
  await onlyInitiator(alice).check();
  await callAndAccept(alice, bob, "Bob");
  assert.equal(await offersInvite(bob), false);
  await front(bob);
  await callPage(bob).getByRole("button", { name: "Leave call", exact: true }).click();
  // Bob's call is over; Alice's goes on (the demo's canInvitingInCalling makes it a group call).
  await waitUntil(async () => (await callPage(bob).count()) === 0, { message: "Bob's call to end when he leaves" });

  await callAndAccept(bob, carol, "Carol");
  assert.equal(await offersInvite(bob), true, "Bob initiates this call; Alice's policy must not have leaked into his config");
});
