// Shared helpers of the Node tests: load the built package, an in-memory transport that
// routes by `to` and delivers asynchronously, headless "people" that record every callback,
// and console stubs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { afterEach } from "node:test";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The built package: pkg/, or the directory in CALLKIT_PKG. */
export const PKG = process.env.CALLKIT_PKG ? path.resolve(process.env.CALLKIT_PKG) : path.join(ROOT, "pkg");

const glue = await import(path.join(PKG, "callkit_invite.js"));
export const init = glue.default;
await init({ module_or_path: fs.readFileSync(path.join(PKG, "callkit_invite_bg.wasm")) });
/** The exported class. */
export const CallKit = glue.CallKit;

// Every kit a test makes is destroyed after it, even when the test fails half-way: a live kit
// keeps timers (up to the 60 s default invitation timeout) and would hold the process open.
const live = new Set();
const create = CallKit.create;
CallKit.create = function (...args) {
  const kit = create.apply(this, args);
  live.add(kit);
  return kit;
};
afterEach(() => {
  for (const kit of live) {
    try {
      kit.destroy();
    } catch {
      // already freed
    }
  }
  live.clear();
});

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Polls `predicate` every 10 ms until it holds; throws after `ms` with `what`. */
export async function waitFor(predicate, ms = 5000, what = "condition") {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** The name helpers give a user ID: "alice" -> "Alice". */
export const nameOf = (id) => id.charAt(0).toUpperCase() + id.slice(1);
/** A ZegoUser. */
export const user = (id) => ({ userID: id, userName: nameOf(id) });

/** The kind of a kit message ("invite", "cancel", "accept", ...), or undefined for junk. */
export function kindOf(text) {
  try {
    return Object.keys(JSON.parse(text).body)[0];
  } catch {
    return undefined;
  }
}

/**
 * An in-memory signaling bus. Each `transport()` is a `{ send, subscribe }` object for one kit;
 * messages go to the subscribers of the user IDs in `to`, one macrotask (default) or microtask
 * later, or synchronously (`mode: "sync"`). `fail` makes sends reject (or throw).
 */
export class Bus {
  constructor({ mode = "macrotask" } = {}) {
    this.mode = mode;
    /** userID -> Set of listeners. */
    this.subs = new Map();
    /** Every text sent: { text, kind, appID, to, msg }. */
    this.log = [];
    this.inflight = 0;
    /** Predicate (entry) => "reject" | "throw" | falsy: how a send fails. */
    this.fail = null;
    this.transports = [];
  }

  transport() {
    const bus = this;
    const t = {
      subscribeCalls: [],
      unsubscribeCalls: 0,
      sendCalls: 0,
      send(text, meta) {
        t.sendCalls++;
        assert.equal(typeof text, "string", "send: text is a string");
        assert.equal(typeof meta.appID, "string", "send: meta.appID is a string");
        assert.ok(Array.isArray(meta.to) && meta.to.length > 0, "send: meta.to is a non-empty array");
        let msg;
        try {
          msg = JSON.parse(text);
        } catch {
          msg = undefined;
        }
        const entry = { text, kind: kindOf(text), appID: meta.appID, to: [...meta.to], msg };
        bus.log.push(entry);
        const how = bus.fail?.(entry);
        if (how === "throw") throw new Error("transport down (sync)");
        if (how) return Promise.reject(new Error("transport down"));
        for (const id of entry.to) bus.deliver(id, text);
        return Promise.resolve();
      },
      subscribe(onText, meta) {
        assert.equal(typeof onText, "function", "subscribe: onText is a function");
        t.subscribeCalls.push({ ...meta });
        if (!bus.subs.has(meta.userID)) bus.subs.set(meta.userID, new Set());
        const set = bus.subs.get(meta.userID);
        const listener = (text) => onText(text);
        set.add(listener);
        return () => {
          t.unsubscribeCalls++;
          set.delete(listener);
        };
      },
    };
    this.transports.push(t);
    return t;
  }

  /** Hands `text` (anything) to every current subscriber of `userID`, as the mode says. */
  deliver(userID, text) {
    const listeners = [...(this.subs.get(userID) ?? [])];
    for (const f of listeners) {
      if (this.mode === "sync") {
        f(text);
        continue;
      }
      this.inflight++;
      const run = () => {
        this.inflight--;
        f(text);
      };
      if (this.mode === "microtask") queueMicrotask(run);
      else setTimeout(run, 0);
    }
  }

  /** Texts of one kind, optionally only those sent by `from`. */
  sent(kind, from) {
    return this.log.filter((e) => e.kind === kind && (from === undefined || e.msg?.from?.userID === from));
  }

  /** Waits until no message is in flight (and a few turns more for promise callbacks). */
  async idle() {
    for (let i = 0; i < 500; i++) {
      await macrotask();
      if (this.inflight === 0) {
        await macrotask();
        if (this.inflight === 0) return;
      }
    }
    throw new Error("the bus never went idle (a message storm?)");
  }
}

const CONFIG_HOOKS = [
  "onWaitingPageWhenSending",
  "onConfirmDialogWhenReceiving",
  "onCallInvitationEnded",
  "onIncomingCallReceived",
  "onIncomingCallCanceled",
  "onIncomingCallTimeout",
  "onOutgoingCallAccepted",
  "onOutgoingCallRejected",
  "onOutgoingCallDeclined",
  "onOutgoingCallTimeout",
];
const ROOM_HOOKS = ["onJoinRoom", "onLeaveRoom", "onUserJoin", "onUserLeave"];

/**
 * A headless user: a kit on the bus whose callbacks are all recorded in `events` as
 * [name, ...args]. `answer` ("none" | "accept" | "decline") says what the incoming-call dialog
 * does; `hooks[name]` / `roomHooks[name]` add behaviour to a callback without replacing the
 * recorder. `ringing` holds the last dialog's { refuse, accept, caller, callType, data },
 * `cancel` the last waiting page's cancel.
 */
export class Person {
  constructor(bus, id, { appID = 1, config = {}, answer = "none", roomConfig = {} } = {}) {
    this.id = id;
    this.bus = bus;
    this.events = [];
    this.hooks = {};
    this.roomHooks = {};
    this.answer = answer;
    this.roomConfig = roomConfig;
    this.ringing = null;
    this.cancel = null;
    this.kit = CallKit.create({ appID, userID: id, userName: nameOf(id) });
    this.transport = bus.transport();
    this.kit.addPlugins({ signaling: this.transport });
    this.kit.setCallInvitationConfig({ ...this.recordingHooks(), ...config });
  }

  recordingHooks() {
    const hooks = {};
    for (const name of CONFIG_HOOKS) {
      hooks[name] = (...args) => {
        this.events.push([name, ...args]);
        if (name === "onConfirmDialogWhenReceiving") {
          const [callType, caller, refuse, accept, data] = args;
          this.ringing = { callType, caller, refuse, accept, data };
          if (this.answer === "accept") accept();
          else if (this.answer === "decline") refuse();
        }
        if (name === "onWaitingPageWhenSending") this.cancel = args[2];
        return this.hooks[name]?.(...args);
      };
    }
    hooks.onSetRoomConfigBeforeJoining = (callType) => {
      this.events.push(["onSetRoomConfigBeforeJoining", callType]);
      const room = { ...this.roomConfig };
      for (const name of ROOM_HOOKS) {
        room[name] = (...args) => {
          this.events.push([name, ...args]);
          return this.roomHooks[name]?.(...args);
        };
      }
      return this.hooks.onSetRoomConfigBeforeJoining?.(callType, room) ?? room;
    };
    return hooks;
  }

  /** The argument lists of every call of `name`. */
  calls(name) {
    return this.events.filter((e) => e[0] === name).map((e) => e.slice(1));
  }

  count(name) {
    return this.calls(name).length;
  }

  /** User IDs reported by every onUserJoin so far, flattened. */
  joinedSeen() {
    return this.calls("onUserJoin").flatMap(([users]) => users.map((u) => u.userID));
  }

  leftSeen() {
    return this.calls("onUserLeave").flatMap(([users]) => users.map((u) => u.userID));
  }

  /** Callback names in order, for failure messages. */
  names() {
    return this.events.map((e) => e[0]);
  }

  invite(ids, extra = {}) {
    return this.kit.sendCallInvitation({ callees: ids.map(user), ...extra });
  }

  destroy() {
    this.kit.destroy();
  }
}

/** People on one bus, destroyed together. */
export function crowd(ids, opts = {}, busOptions = {}) {
  const bus = new Bus(busOptions);
  const people = {};
  for (const id of ids) people[id] = new Person(bus, id, typeof opts === "function" ? opts(id) : opts);
  people.bus = bus;
  people.destroyAll = () => {
    for (const id of ids) people[id].destroy();
  };
  return people;
}

/**
 * Replaces console.error / console.warn with recorders for the duration of `fn` (which may be
 * async). Returns { errors, warns } (argument lists).
 */
export async function withConsole(fn) {
  const seen = { errors: [], warns: [] };
  const { error, warn } = console;
  console.error = (...args) => seen.errors.push(args);
  console.warn = (...args) => seen.warns.push(args);
  try {
    await fn(seen);
  } finally {
    console.error = error;
    console.warn = warn;
  }
  return seen;
}

/** Flattens console call arguments into one string, for matching. */
export const text = (args) => args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(" ");

/** Sets up alice calling bob 1:1 and bob accepting; returns when both are in the call. */
export async function connect(caller, callee, extra = {}) {
  const previous = callee.answer;
  callee.answer = "accept";
  const result = await caller.invite([callee.id], extra);
  await caller.bus.idle();
  callee.answer = previous;
  return result;
}

/**
 * Asserts `fn()` throws (or, when it returns a promise, rejects with) an error of class `Kind`
 * whose message names `field`. Returns the error.
 */
export async function assertBadInput(fn, Kind, field) {
  let error;
  let threw = false;
  try {
    const ret = fn();
    if (ret && typeof ret.then === "function") {
      try {
        await ret;
      } catch (e) {
        error = e;
        threw = true;
      }
    }
  } catch (e) {
    error = e;
    threw = true;
  }
  assert.ok(threw, `expected a ${Kind.name} naming ${field}, but nothing was thrown`);
  assert.ok(error instanceof Kind, `expected a ${Kind.name} naming ${field}, got ${error?.constructor?.name}: ${error?.message ?? error}`);
  assert.ok(String(error.message).includes(field), `the message ${JSON.stringify(error.message)} should name ${field}`);
  return error;
}
