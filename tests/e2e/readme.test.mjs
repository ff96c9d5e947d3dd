// The README's "Use" sample, run as it is written there (scripts/readme-sample.mjs takes it from
// README.md, so the README and this test cannot drift): Alice's tab runs it as its module, with
// "callkit-invite" mapped to the package's entry (no init in the sample: the entry starts the
// wasm); Bob and Carol are the demo in two more tabs of the same browser (BroadcastChannel), and
// accept from their incoming-call dialogs, as users do.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { suite, front, waitUntil, ROOT, DEMO_APP_ID } from "./support.mjs";
import { useSample } from "../../scripts/readme-sample.mjs";

const e2e = suite();
const SAMPLE = useSample(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));

/** Alice's page: the sample as its module, the package's entry behind the bare specifier. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Alice · the README's sample</title>
  <link rel="icon" href="data:,">
  <script type="importmap">{ "imports": { "callkit-invite": "/pkg/index.js" } }</script>
  <script type="module" src="use.js"></script>
</head>
<body><main id="call" style="height: 100vh"></main></body>
</html>
`;

e2e("the README's Use sample runs as pasted: Bob rings, Carol only once he has accepted, then a call of three with Erin to invite", { timeout: 45_000 }, async (s) => {
  assert.match(SAMPLE, new RegExp(`const appID = ${DEMO_APP_ID};`), "the sample's appID is the demo's, so the demo's tabs answer it");
  assert.doesNotMatch(SAMPLE, /\binit\s*\(/, "the sample needs no init()");
  const [bob, carol] = await s.users("bob", "carol");

  await s.context.route((url) => url.pathname.startsWith("/readme-use/"), (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === "/readme-use/index.html") return route.fulfill({ contentType: "text/html", body: PAGE });
    if (pathname === "/readme-use/use.js") return route.fulfill({ contentType: "text/javascript", body: SAMPLE });
    return route.fulfill({ status: 404, body: "" });
  });
  const logged = [];
  const alice = s.watch(await s.context.newPage(), "alice");
  alice.on("console", async (m) => { if (m.type() === "log") logged.push(await Promise.all(m.args().map((a) => a.jsonValue()))); });
  await alice.goto(`${s.origin}/readme-use/index.html`);

  // Bob rings; Carol does not, while the sample waits for Bob's answer.
  const bobRings = bob.getByRole("alertdialog");
  await bobRings.waitFor();
  assert.match(await bobRings.textContent(), /Alice/);
  await alice.getByText("Calling…").first().waitFor();
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await carol.getByRole("alertdialog").count(), 0, "Carol must not ring before Bob has accepted");

  await front(bob);
  await bobRings.getByRole("button", { name: "Accept", exact: true }).click();
  const carolRings = carol.getByRole("alertdialog");
  await carolRings.waitFor();
  await front(carol);
  await carolRings.getByRole("button", { name: "Accept", exact: true }).click();

  // The sample's log: Bob, already in the call, is not invited twice.
  await waitUntil(() => logged.length > 0, { message: "the sample's console.log(errorInvitees)" });
  assert.deepEqual(logged, [[[{ userID: "bob", userName: "Bob", reason: "inCall" }]]]);

  // Alice's call page: the three of them, nobody waiting.
  await front(alice);
  await waitUntil(async () => {
    const names = await alice.getByRole("group").evaluateAll((tiles) => tiles.map((t) => t.getAttribute("aria-label")).sort());
    return JSON.stringify(names) === JSON.stringify(["Alice", "Bob", "Carol"]);
  }, { message: "Alice's call page to show Alice, Bob and Carol" });
  await alice.getByRole("button", { name: "Leave call", exact: true }).waitFor();

  // The sample's last line: Erin is the one to pick now.
  await alice.getByRole("button", { name: "More", exact: true }).click();
  await alice.getByRole("menuitem", { name: "Invite members", exact: true }).click();
  const sidebar = alice.getByRole("dialog", { name: "Invitees", exact: true });
  await sidebar.waitFor();
  await sidebar.getByRole("checkbox", { name: "Erin", exact: true }).waitFor();
  assert.equal(await sidebar.getByRole("checkbox").count(), 1, "Erin only: Carol and Dave are off the list");

  const errors = s.consoleErrors.filter((e) => e.startsWith("alice:"));
  assert.deepEqual(errors, [], "no console error in the sample's page");
});
