// One user of the kit in a page (?userID=alice), with the in-page half of the interaction,
// memory and media benchmarks on `globalThis.bench`: bench/interaction.mjs, bench/memory.mjs,
// bench/media.mjs and bench/janus.mjs drive it. The call's media go through a Janus VideoRoom
// with ?media=janus&janusUrl=ws://… (callkit-invite/janus), else through the mesh.
// Times are taken here, with performance.now(), so the driver's round trips are not in them;
// cross-tab times use `performance.timeOrigin + performance.now()`, which tabs of one browser
// share.
import init, { CallKit } from "../pkg/callkit_invite.js";

const DIRECTORY = [
  ["alice", "Alice"], ["bob", "Bob"], ["carol", "Carol"], ["dave", "Dave"], ["erin", "Erin"],
  ["frank", "Frank"], ["grace", "Grace"], ["heidi", "Heidi"], ["ivan", "Ivan"], ["judy", "Judy"],
].map(([userID, userName]) => ({ userID, userName }));
/** Users outside the directory, swapped into the list by the list-update rounds. */
const EXTRA = ["kate", "liam", "mia", "noah"].map((id) => ({ userID: id, userName: id[0].toUpperCase() + id.slice(1) }));

const params = new URLSearchParams(location.search);
const me = DIRECTORY.find((u) => u.userID === params.get("userID")) ?? DIRECTORY[0];
const others = DIRECTORY.filter((u) => u !== me);
const stage = document.querySelector("#call");

const wasm = await init();
const zp = CallKit.create(CallKit.generateKitTokenForTest(1234567, "bench-secret", null, me.userID, me.userName));
zp.setCallInvitationConfig({
  canInvitingInCalling: true,
  onSetRoomConfigBeforeJoining: () => ({ container: stage, callingInvitationListConfig: { waitingSelectUsers: others.slice(0, 9) } }),
});
if (params.get("media") === "janus") {
  const { janusMedia } = await import("../pkg/janus.js");
  zp.addPlugins({ media: janusMedia({ servers: params.get("janusUrl") }) });
}

// ---- the page as a user sees it (roles and names of SPEC §4) ----

/** The elements matching `selector` in `scope` and inside the kit's shadow roots under it. */
const kitAll = (selector, scope = document) => {
  const out = [...scope.querySelectorAll(selector)];
  for (const host of scope.querySelectorAll("callkit-invite")) if (host.shadowRoot) out.push(...kitAll(selector, host.shadowRoot));
  return out;
};
const named = (el) => (el.getAttribute("aria-label") ?? el.textContent).trim();
/** The visible button (or menu item) named `name`, inside `root`. */
function button(name, root = document) {
  const found = kitAll("button", root).find((b) => !b.closest("[hidden],[data-closed]") && named(b) === name);
  if (!found) throw new Error(`${me.userID}: no button "${name}"`);
  return found;
}
/** The open sidebar (closed, it stays in the page, hidden). */
const sidebar = () => kitAll("[role=dialog]:not([data-closed])")[0] ?? null;
const dialog = () => kitAll("[role=alertdialog]")[0] ?? null;
const callPage = () => kitAll(".cki-call")[0] ?? null;
/** The tile of `name`: a participant's, or a waiting one. */
const tile = (name, waiting) => kitAll(".cki-call [role=group]")
  .find((t) => t.getAttribute("aria-label") === name && t.classList.contains("cki-waiting") === waiting);
const rowNames = () => [...sidebar().querySelectorAll("input[type=checkbox]")].map((b) => b.closest("label").textContent.trim());

// ---- clocks ----

/** A time all tabs of the browser agree on (ms). */
const stamp = () => performance.timeOrigin + performance.now();
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
/** A task after the current one: run from a frame callback, after that frame's rendering. */
const hop = () => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
  channel.port2.postMessage(0);
});
/** Resolves after the rendering of the next frame (style, layout, paint). */
const afterRender = () => nextFrame().then(hop);
/**
 * Resolves once the page is rendered and idle: Chromium keeps ~16.7 ms between frames that
 * follow each other even unthrottled, so a round that started right after a frame would time
 * the wait for its frame slot. After 25 ms idle, the next frame begins as soon as it is asked.
 */
const settle = () => afterRender().then(() => new Promise((resolve) => setTimeout(resolve, 25)));

/** Resolves `{ at, framedAt }` (stamps) once `pred()` holds, checked on every DOM change. */
function until(pred, what, timeout = 10_000) {
  return new Promise((resolve, reject) => {
    let observer;
    const done = () => {
      observer?.disconnect();
      clearTimeout(timer);
      const at = stamp();
      requestAnimationFrame(() => resolve({ at, framedAt: stamp() }));
    };
    const timer = setTimeout(() => { observer?.disconnect(); reject(new Error(`${me.userID}: timed out waiting for ${what}`)); }, timeout);
    if (pred()) return done();
    // The kit draws in shadow roots, which a document observer does not see into: each root
    // is observed too, new ones as their hosts appear.
    const observe = () => {
      for (const root of [document, ...[...document.querySelectorAll("callkit-invite")].map((h) => h.shadowRoot)]) {
        if (root) observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
      }
    };
    observer = new MutationObserver(() => { if (pred()) done(); else observe(); });
    observe();
  });
}

/**
 * Resolves `{ at, how }` at the first frame of `name`'s video (in its participant tile): the
 * stamp taken when `requestVideoFrameCallback` fires or `totalVideoFrames` leaves 0, whichever
 * this page sees first (checked every 2 ms; a timer is clamped to 4 ms).
 */
function firstFrame(name, timeout = 15_000) {
  return new Promise((resolve, reject) => {
    let asked = null;
    let over = false;
    const done = (how) => {
      if (over) return;
      over = true;
      const at = stamp();
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ at, how });
    };
    const poll = setInterval(() => {
      const video = tile(name, false)?.querySelector("video");
      if (!video) return;
      if (video.getVideoPlaybackQuality().totalVideoFrames > 0) return done("totalVideoFrames");
      if (asked !== video && video.requestVideoFrameCallback) {
        asked = video;
        video.requestVideoFrameCallback(() => done("requestVideoFrameCallback"));
      }
    }, 2);
    const timer = setTimeout(() => {
      over = true;
      clearInterval(poll);
      reject(new Error(`${me.userID}: no frame of ${name}'s video in ${timeout} ms`));
    }, timeout);
  });
}

const armed = new Map();
let ping;

// ---- actions ----

function openSidebar() {
  button("More").click();
  button("Invite members").click();
  if (!sidebar()) throw new Error(`${me.userID}: the sidebar did not open`);
}

function closeSidebar() {
  button("Close", sidebar()).click();
  if (sidebar()) throw new Error(`${me.userID}: the sidebar did not close`);
}

/**
 * Times `action` from a settled page: `sync` until it returned (the DOM is updated by then),
 * `frame` until the next animation frame began, `rendered` until that frame was rendered.
 * `check` then verifies the DOM the action left (off the clock).
 */
async function timed(action, check) {
  await settle();
  const t0 = performance.now();
  action();
  const sync = performance.now() - t0;
  await nextFrame();
  const frame = performance.now() - t0;
  await hop();
  const rendered = performance.now() - t0;
  check();
  return { sync, frame, rendered };
}

globalThis.bench = {
  me: me.userID,
  zp,
  wasmMemory: () => wasm.memory.buffer.byteLength,
  elements: () => kitAll("*").length,

  /** Calls `userID` (1:1); the driver has them accept. */
  call: (userID) => zp.sendCallInvitation({ callees: [DIRECTORY.find((u) => u.userID === userID)], callType: 1 }).then(() => true),
  /** Invites `userIDs` into this kit's call at once (the API, not the sidebar); resolves the userIDs not invited. */
  invite: (userIDs) => zp.sendCallInvitation({ callees: userIDs.map((id) => DIRECTORY.find((u) => u.userID === id)), callType: 1 })
    .then(({ errorInvitees }) => errorInvitees.map((u) => `${u.userID} (${u.reason})`)),
  inCall: () => until(() => callPage(), "the call page").then(() => true),

  /** "More" → "Invite members" until the sidebar is there and a frame began; closes it after. */
  async sidebarRounds(n) {
    const out = [];
    for (let i = 0; i < n; i++) {
      out.push(await timed(openSidebar, () => { if (!sidebar()) throw new Error("no sidebar"); }));
      closeSidebar();
    }
    return out;
  },

  /**
   * The "alone" rounds with `HTMLElement.prototype.focus` made a no-op (a diagnostic, not the
   * kit's behaviour): the difference is what moving keyboard focus into the sidebar costs.
   */
  async menuItemRoundsWithoutFocus(n) {
    const focus = HTMLElement.prototype.focus;
    HTMLElement.prototype.focus = function () {};
    try {
      return await this.menuItemRounds(n);
    } finally {
      HTMLElement.prototype.focus = focus;
    }
  },

  /**
   * The browser's own costs on this page, for scale (the kit is not involved): a round that
   * changes nothing, and a plain popup of the page's own (a hidden `<div>` with two buttons)
   * shown with its first button focused, the least an accessible menu or dialog does.
   */
  async floorRounds(n) {
    const popup = document.createElement("div");
    popup.className = "floor-popup";
    popup.hidden = true;
    popup.append(...["One", "Two"].map((name) => Object.assign(document.createElement("button"), { textContent: name })));
    document.body.append(popup);
    const out = { idle: [], popup: [] };
    try {
      for (let i = 0; i < n; i++) {
        out.idle.push(await timed(() => {}, () => {}));
        out.popup.push(await timed(() => {
          popup.hidden = false;
          popup.firstChild.focus();
        }, () => {
          if (document.activeElement !== popup.firstChild) throw new Error("the popup's button did not take focus");
        }));
        popup.hidden = true;
        document.activeElement?.blur();
      }
    } finally {
      popup.remove();
    }
    return out;
  },

  /** The second click alone: the menu is open (and painted), then "Invite members" is timed. */
  async menuItemRounds(n) {
    const out = [];
    for (let i = 0; i < n; i++) {
      button("More").click();
      out.push(await timed(() => button("Invite members").click(), () => { if (!sidebar()) throw new Error("no sidebar"); }));
      closeSidebar();
    }
    return out;
  },

  /** `updateCallingInvitationListConfig` with the sidebar open, the rows changing each time. */
  async listRounds(n) {
    const lists = [others.slice(0, 9), [...others.slice(0, 5), ...EXTRA]];
    if (!sidebar()) openSidebar();
    const out = [];
    for (let i = 0; i < n; i++) {
      const list = lists[(i + 1) % 2];
      out.push(await timed(
        () => zp.updateCallingInvitationListConfig({ waitingSelectUsers: list }),
        () => {
          const want = list.map((u) => u.userName);
          if (JSON.stringify(rowNames()) !== JSON.stringify(want)) throw new Error(`rows ${rowNames()} after an update to ${want}`);
        },
      ));
    }
    zp.updateCallingInvitationListConfig({ waitingSelectUsers: lists[0] });
    closeSidebar();
    return out;
  },

  /** Opens the sidebar, leaves only `name` checked, then stamps and presses "Invite (1)". */
  async inviteOnly(name) {
    if (!sidebar()) openSidebar();
    for (const box of sidebar().querySelectorAll("input[type=checkbox]")) {
      const want = box.closest("label").textContent.trim() === name;
      if (!box.disabled && box.checked !== want) box.click();
    }
    const invite = button("Invite (1)", sidebar());
    await settle();
    const at = stamp();
    invite.click();
    return at;
  },

  /** Starts watching for `what` ("dialog", "tile:<Name>", "no-tile:<Name>", "no-dialog"). */
  arm(name, what) {
    const [kind, who] = what.split(":");
    const pred = {
      dialog: () => dialog(),
      "no-dialog": () => !dialog(),
      tile: () => tile(who, false),
      "no-tile": () => !tile(who, false) && !tile(who, true),
    }[kind];
    armed.set(name, until(pred, what));
  },
  /** Starts watching for the first frame of `who`'s video (see firstFrame); `take(name)` gives it. */
  armFirstFrame(name, who, timeout) {
    armed.set(name, firstFrame(who, timeout));
  },
  async take(name) {
    const result = await armed.get(name);
    armed.delete(name);
    return result;
  },
  /** Stamps and clicks `name` in the incoming-call dialog ("Accept" or "Decline"). */
  async answer(name) {
    const b = button(name, dialog());
    await settle();
    const at = stamp();
    b.click();
    return at;
  },
  leave: () => button("Leave call").click(),
  cancelWaiting: (name) => button("Cancel call", tile(name, true)).click(),

  /** A bare BroadcastChannel message between tabs: the floor under the cross-tab figures. */
  armPing(name) {
    ping ??= new BroadcastChannel("callkit-bench-ping");
    armed.set(name, new Promise((resolve) => {
      ping.onmessage = (e) => { ping.onmessage = null; resolve({ at: stamp(), sent: e.data }); };
    }));
  },
  sendPing() {
    ping ??= new BroadcastChannel("callkit-bench-ping");
    ping.postMessage(stamp());
  },

  /** Opens and closes the sidebar `n` times, one frame each. */
  async sidebarCycles(n) {
    for (let i = 0; i < n; i++) {
      openSidebar();
      await nextFrame();
      closeSidebar();
    }
    await afterRender();
    return true;
  },
};
document.body.dataset.ready = "true";
