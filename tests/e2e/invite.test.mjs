// The headline flow: inviting a third user into a call that is already going on, and
// cancelling such an invitation from its waiting tile. Users are tabs of one browser context.
import assert from "node:assert/strict";
import {
  suite, front, callAndAccept, callPage, openInvitees, inviteOnly, waitForParticipants, tileNames,
} from "./support.mjs";

const e2e = suite();

e2e("call → accept → More → Invite members → invite Carol → accept: all three tabs show three participant tiles", async (s) => {
  const [alice, bob, carol] = await s.users("alice", "bob", "carol");

  await callAndAccept(alice, bob, "Bob");
  await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
  await waitForParticipants(bob, ["Alice", "Bob"], "Bob");

  const sidebar = await openInvitees(alice);
  // Rows: the other directory users minus Alice herself; Bob is already in the call.
  const bobRow = sidebar.getByRole("checkbox", { name: "Bob", exact: true });
  assert.equal(await bobRow.isDisabled(), true, "Bob (in the call) must be a disabled row");
  assert.equal(await sidebar.getByRole("checkbox", { name: "Alice", exact: true }).count(), 0, "the kit's own user is never listed");
  await inviteOnly(sidebar, ["Carol"]);

  const ringing = carol.getByRole("alertdialog");
  await ringing.waitFor();
  assert.match(await ringing.textContent(), /Alice/, "Carol's dialog names the inviter");
  // While Carol rings, Alice sees a waiting tile for her with "Calling…" and "Cancel call".
  const waiting = callPage(alice).getByRole("group", { name: "Carol", exact: true });
  await waiting.getByText("Calling…").waitFor();
  await waiting.getByRole("button", { name: "Cancel call", exact: true }).waitFor();
  // Nobody else in the directory was invited.
  for (const [id, page] of [["bob", bob]]) {
    assert.equal(await page.getByRole("alertdialog").count(), 0, `${id} must not ring`);
  }

  await front(carol);
  await ringing.getByRole("button", { name: "Accept", exact: true }).click();
  await ringing.waitFor({ state: "detached" });

  for (const [label, page] of [["Alice", alice], ["Bob", bob], ["Carol", carol]]) {
    await waitForParticipants(page, ["Alice", "Bob", "Carol"], label);
  }
  assert.deepEqual((await tileNames(carol)).sort(), ["Alice", "Bob", "Carol"]);
});

e2e("\"Cancel call\" on the inviter's waiting tile stops the callee's ringing", async (s) => {
  const [alice, bob, carol] = await s.users("alice", "bob", "carol");
  await callAndAccept(alice, bob, "Bob");
  const sidebar = await openInvitees(alice);
  await inviteOnly(sidebar, ["Carol"]);

  const ringing = carol.getByRole("alertdialog");
  await ringing.waitFor();
  const waiting = callPage(alice).getByRole("group", { name: "Carol", exact: true });
  await front(alice);
  await waiting.getByRole("button", { name: "Cancel call", exact: true }).click();

  await ringing.waitFor({ state: "detached" });
  // The pending state ends everywhere: no waiting tile for Carol on Alice's or Bob's page.
  await waitForParticipants(alice, ["Alice", "Bob"], "Alice");
  await waitForParticipants(bob, ["Alice", "Bob"], "Bob");
  assert.equal(await callPage(carol).count(), 0, "Carol never joined");
  // Nothing is stuck: Carol is invitable again and rings again.
  const again = await openInvitees(alice);
  assert.equal(await again.getByRole("checkbox", { name: "Carol", exact: true }).isDisabled(), false, "Carol's row is enabled again");
  await inviteOnly(again, ["Carol"]);
  await carol.getByRole("alertdialog").waitFor();
});

e2e("a non-initiator invites (policy off): only his waiting tile can cancel; Carol accepts and all three see three tiles", async (s) => {
  const [alice, bob, carol] = await s.users("alice", "bob", "carol");
  await callAndAccept(alice, bob, "Bob");
  await inviteOnly(await openInvitees(bob), ["Carol"]);
  const ringing = carol.getByRole("alertdialog");
  await ringing.waitFor();
  assert.match(await ringing.textContent(), /Bob/, "Carol's dialog names Bob, who invited her");
  const tileOf = (page) => callPage(page).getByRole("group", { name: "Carol", exact: true });
  await tileOf(bob).getByRole("button", { name: "Cancel call", exact: true }).waitFor();
  await tileOf(alice).getByText("Calling…").waitFor();
  assert.equal(await tileOf(alice).getByRole("button", { name: "Cancel call" }).count(), 0,
    "Alice did not send this invitation: her waiting tile has no \"Cancel call\"");
  await front(carol);
  await ringing.getByRole("button", { name: "Accept", exact: true }).click();
  for (const [label, page] of [["Alice", alice], ["Bob", bob], ["Carol", carol]]) {
    await waitForParticipants(page, ["Alice", "Bob", "Carol"], label);
  }
});
