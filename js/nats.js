// callkit-invite/nats: the kit's signaling over NATS, through the official client
// @nats-io/nats-core (`wsconnect`). This file only maps the kit's transport interface
// (`send`, `subscribe`) onto it: subjects, option checks, errors. The protocol, the
// authentication and the reconnection are the client's.
import {
  AuthorizationError, UserAuthenticationExpiredError, credsAuthenticator, jwtAuthenticator, nkeyAuthenticator, nkeys, wsconnect,
} from "@nats-io/nats-core";

/** Most recipients of one `send`: the largest call the kit allows (SPEC §7). */
export const MAX_RECIPIENTS = 50;
/** Largest text `send` takes and a subscription delivers, in UTF-8 bytes: the kit's message limit. */
export const MAX_TEXT_BYTES = 64 * 1024;
/** Most server URLs in `servers`. */
const MAX_SERVERS = 32;
/** Longest `subjectPrefix`, in bytes. */
const MAX_PREFIX = 128;
const DEFAULT_PREFIX = "callkit";
const PREFIX_RULE = "must be tokens of A-Z, a-z, 0-9, _ and - separated by dots";

/**
 * What the adapter sets on the client (`wsconnect`). Reconnection is the client's: forever
 * (`maxReconnectAttempts: -1`), every 2 s plus up to 1 s at random (so the users of a restarted
 * server do not all come back at once); a server that answers no PING for 2 × 20 s is replaced.
 * The first connection is the exception: a pending `wsconnect` cannot be cancelled, so with
 * `waitOnFirstConnect` a kit destroyed while its server is down would keep dialling for ever.
 * The adapter makes each first attempt a `wsconnect` that gives up after one try of each
 * server, and repeats it on the same schedule, on a timer it can stop.
 */
const CLIENT = Object.freeze({
  name: "callkit-invite",
  waitOnFirstConnect: false,
  maxReconnectAttempts: -1,
  reconnectTimeWait: 2000,
  reconnectJitter: 1000,
  pingInterval: 20_000,
  maxPingOut: 2,
  timeout: 10_000,
});

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The subject that user `userID` of app `appID` listens on: `<subjectPrefix>.<appID>.u.<userID>`,
 * each ID escaped into one subject token (letters, digits and `-` stay; every other byte of its
 * UTF-8 becomes `_XX`, hex; `""` becomes `_`). What server permissions must name.
 * @param {string} appID
 * @param {string} userID
 * @param {string} [subjectPrefix] default `"callkit"`
 * @returns {string}
 */
export function natsSubject(appID, userID, subjectPrefix = DEFAULT_PREFIX) {
  if (typeof appID !== "string") throw new TypeError("natsSubject: appID: must be a string");
  if (typeof userID !== "string") throw new TypeError("natsSubject: userID: must be a string");
  if (!validPrefix(subjectPrefix)) throw new TypeError(`natsSubject: subjectPrefix: ${PREFIX_RULE}`);
  return subject(subjectPrefix, appID, userID);
}

function subject(prefix, appID, userID) {
  return `${prefix}.${escape(appID)}.u.${escape(userID)}`;
}

/** `raw` as one subject token: no two strings give the same token, and `alice` stays `alice`. */
function escape(raw) {
  if (raw === "") return "_";
  let out = "";
  for (const b of utf8.encode(raw)) {
    const kept = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d;
    out += kept ? String.fromCharCode(b) : `_${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function validPrefix(prefix) {
  return typeof prefix === "string" && prefix.length <= MAX_PREFIX && /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix);
}

/** A `ws://` or `wss://` URL with a host, and no blank or control character. */
function validUrl(url) {
  const m = /^wss?:\/\/([^/?#]*)/i.exec(url);
  return m !== null && m[1] !== "" && !m[1].startsWith(":") && !/[\x00-\x20\x7f]/.test(url);
}

/**
 * A signaling transport over NATS for `zp.addPlugins({ signaling })`. Checks `options` at once
 * (a `TypeError` naming the field); connects on the first `subscribe`, disconnects when the last
 * subscription ends.
 * @param {import("./nats.d.ts").NatsSignalingOptions} options
 * @returns {import("./nats.d.ts").NatsSignaling}
 */
export function natsSignaling(options) {
  const link = new Link(readOptions(options));
  return {
    send: (text, meta) => link.send(text, meta),
    subscribe: (onText, meta) => link.subscribe(onText, meta),
  };
}

/** Reads `options`, checking each field; throws a TypeError naming the first bad one. */
function readOptions(options) {
  const field = (name) => `natsSignaling.${name}`;
  if (typeof options !== "object" || options === null || isArray(options)) {
    throw new TypeError("natsSignaling: options: must be an object with servers");
  }
  const read = (name, object = options, path = field(name)) => {
    try {
      return object[name];
    } catch (err) {
      throw new TypeError(`${path}: could not be read (${messageOf(err)})`);
    }
  };
  const optional = (name, type, rule = `must be a ${type}`) => {
    const value = read(name);
    if (value !== undefined && typeof value !== type) throw new TypeError(`${field(name)}: ${rule}`);
    return value;
  };
  const text = (name, rule) => {
    const value = optional(name, "string", rule);
    if (value === "") throw new TypeError(`${field(name)}: must not be empty`);
    return value;
  };

  const SERVERS = "must be ws:// or wss:// URLs (one, or an array of 1 to 32)";
  const given = read("servers");
  let servers;
  if (typeof given === "string") {
    servers = [given];
  } else if (isArray(given)) {
    // The length is checked before any item is read.
    const n = read("length", given, field("servers"));
    if (!Number.isInteger(n) || n < 1 || n > MAX_SERVERS) throw new TypeError(`${field("servers")}: ${SERVERS}, got ${n} URLs`);
    servers = Array.from({ length: n }, (_, i) => read(i, given, field(`servers[${i}]`)));
  } else {
    throw new TypeError(`${field("servers")}: ${SERVERS}`);
  }
  for (const url of servers) {
    if (typeof url !== "string" || !validUrl(url)) {
      throw new TypeError(`${field("servers")}: ${SERVERS}, got ${typeof url === "string" ? JSON.stringify(url.slice(0, 200)) : typeof url}`);
    }
  }

  const subjectPrefix = optional("subjectPrefix", "string", PREFIX_RULE) ?? DEFAULT_PREFIX;
  if (!validPrefix(subjectPrefix)) throw new TypeError(`${field("subjectPrefix")}: ${PREFIX_RULE}`);

  // Credentials: one way to authenticate, or none. Secrets are never quoted in errors.
  const user = text("user");
  const pass = optional("pass", "string");
  const token = text("token");
  const nkeySeed = text("nkeySeed", "must be a string: a user's nkey seed (SU…)");
  const jwt = read("jwt");
  if (jwt !== undefined && typeof jwt !== "function" && (typeof jwt !== "string" || jwt === "")) {
    throw new TypeError(`${field("jwt")}: must be a user JWT (a string, or a function that returns one)`);
  }
  const creds = text("creds", "must be a string: the text of a .creds file");
  if (pass !== undefined && user === undefined) throw new TypeError(`${field("pass")}: needs user`);
  if (jwt !== undefined && nkeySeed === undefined) throw new TypeError(`${field("jwt")}: needs nkeySeed (the user's seed, which signs the server's challenge)`);
  const ways = [["user", user], ["token", token], [jwt === undefined ? "nkeySeed" : "jwt", nkeySeed], ["creds", creds]].filter(([, v]) => v !== undefined);
  if (ways.length > 1) {
    throw new TypeError(`${field(ways[1][0])}: cannot be combined with ${ways[0][0]}: give one way to authenticate`);
  }
  let authenticator;
  if (nkeySeed !== undefined) {
    const seed = utf8.encode(nkeySeed);
    let publicKey;
    try {
      publicKey = nkeys.fromSeed(seed).getPublicKey();
    } catch {
      publicKey = "";
    }
    if (!publicKey.startsWith("U")) throw new TypeError(`${field("nkeySeed")}: must be a user's nkey seed (SU…)`);
    authenticator = jwt === undefined ? nkeyAuthenticator(seed) : jwtAuthenticator(jwt, seed);
  } else if (creds !== undefined) {
    authenticator = credsAuthenticator(utf8.encode(creds));
    try {
      // Signing a challenge reads the JWT and the seed, as a connection will.
      authenticator("callkit-invite");
    } catch {
      throw new TypeError(`${field("creds")}: must be the text of a .creds file (a user JWT and its nkey seed)`);
    }
  }

  const onError = optional("onError", "function");
  const onStatus = optional("onStatus", "function");
  return { servers, subjectPrefix, user, pass, token, authenticator, onError, onStatus };
}

function messageOf(err) {
  try {
    const m = err?.message ?? err;
    return String(m).slice(0, 200);
  } catch {
    return "?";
  }
}

/** The arguments of `send`, checked: the subjects to publish to and the text's bytes. */
function readSend(text, meta, prefix) {
  const bad = (what) => new TypeError(`natsSignaling.send: ${what}`);
  if (typeof text !== "string") throw bad("text: must be a string");
  // Refused on the string's length before it is encoded: it has at least as many bytes.
  const bytes = text.length <= MAX_TEXT_BYTES ? utf8.encode(text) : null;
  if (bytes === null || bytes.length > MAX_TEXT_BYTES) {
    throw new RangeError(`natsSignaling.send: text: must be at most ${MAX_TEXT_BYTES} bytes of UTF-8`);
  }
  const { appID, to } = readMeta(meta, ["appID", "to"], "natsSignaling.send");
  if (typeof appID !== "string") throw bad("meta.appID: must be a string");
  const TO = `must be an array of at most ${MAX_RECIPIENTS} user IDs (strings)`;
  if (!isArray(to)) throw bad(`meta.to: ${TO}`);
  const n = readMeta(to, ["length"], "natsSignaling.send", "meta.to.").length;
  if (!Number.isInteger(n) || n < 0 || n > MAX_RECIPIENTS) throw bad(`meta.to: ${TO}, got ${n}`);
  const subjects = [];
  for (let i = 0; i < n; i++) {
    const id = readMeta(to, [i], "natsSignaling.send", "meta.to")[i];
    if (typeof id !== "string") throw bad(`meta.to[${i}]: must be a string`);
    subjects.push(subject(prefix, appID, id));
  }
  return { bytes, subjects };
}

/** `keys` of the caller's `object`; a getter or Proxy that throws is a TypeError naming the field. */
function readMeta(object, keys, where, path = "meta.") {
  if (typeof object !== "object" || object === null) throw new TypeError(`${where}: meta: must be an object`);
  const out = {};
  for (const key of keys) {
    try {
      out[key] = object[key];
    } catch (err) {
      const name = typeof key === "number" ? `${path}[${key}]` : `${path}${key}`;
      throw new TypeError(`${where}: ${name}: could not be read (${messageOf(err)})`);
    }
  }
  return out;
}

function isArray(value) {
  try {
    return Array.isArray(value);
  } catch {
    return false; // a revoked Proxy
  }
}

/** The connection behind one transport, and the subscriptions it carries. */
class Link {
  constructor(options) {
    this.options = options;
    /** Subscriptions: `{ subject, onText, sub }` (`sub`: the client's, once connected). */
    this.subs = new Set();
    /** The client's connection, once `wsconnect` resolved, until it closes. */
    this.nc = null;
    /** Connected now (not between a `disconnect` and a `reconnect`). */
    this.connected = false;
    /** A first connection under way. */
    this.opening = false;
    /** The timer of the next first-connection attempt. */
    this.retry = null;
    /** Why the transport stopped (credentials refused): sends reject with it. */
    this.failure = null;
    /** The "cannot connect" error was reported for this round of attempts. */
    this.toldUnreachable = false;
  }

  /** An `Error` for the app, naming the server(s). */
  error(what, cause) {
    const where = this.nc?.getServer() ?? this.options.servers.join(", ");
    return new Error(`callkit-invite: NATS ${where}: ${what}`, cause === undefined ? undefined : { cause });
  }

  report(error) {
    if (this.options.onError) {
      try {
        this.options.onError(error);
      } catch (thrown) {
        console.error("callkit-invite: natsSignaling onError threw:", thrown);
      }
    } else {
      console.error(error);
    }
  }

  status(status) {
    try {
      this.options.onStatus?.(status);
    } catch (thrown) {
      console.error("callkit-invite: natsSignaling onStatus threw:", thrown);
    }
  }

  subscribe(onText, meta) {
    const where = "natsSignaling.subscribe";
    if (typeof onText !== "function") throw new TypeError(`${where}: onText: must be a function`);
    const { appID, userID } = readMeta(meta, ["appID", "userID"], where);
    if (typeof appID !== "string") throw new TypeError(`${where}: meta.appID: must be a string`);
    if (typeof userID !== "string") throw new TypeError(`${where}: meta.userID: must be a string`);
    const entry = { subject: subject(this.options.subjectPrefix, appID, userID), onText, sub: null };
    this.subs.add(entry);
    if (this.nc) this.listen(entry);
    else this.open();
    return () => this.unsubscribe(entry);
  }

  unsubscribe(entry) {
    if (!this.subs.delete(entry)) return;
    try {
      entry.sub?.unsubscribe();
    } catch {
      // Already closed (a refused subscription, or a closed connection).
    }
    if (this.subs.size === 0) this.close();
  }

  listen(entry) {
    entry.sub = this.nc.subscribe(entry.subject, {
      // An error here is a refused subscription; the connection's status reports it once.
      callback: (err, msg) => {
        if (!err && this.subs.has(entry)) deliver(entry, msg.data);
      },
    });
  }

  async send(text, meta) {
    const { bytes, subjects } = readSend(text, meta, this.options.subjectPrefix);
    if (subjects.length === 0) return;
    if (this.failure) throw this.failure;
    const nc = this.nc;
    if (!nc || !this.connected) throw this.error("not connected; the message was not sent");
    try {
      for (const s of subjects) nc.publish(s, bytes);
      // Resolves once the server has read the publications: a connection lost before that
      // rejects instead of passing for sent.
      await nc.flush();
    } catch (err) {
      throw this.error(`the message was not sent (${messageOf(err)})`, err);
    }
  }

  /** Starts a first connection (when none is open, under way or scheduled). */
  open() {
    if (this.nc || this.opening || this.retry || this.failure) return;
    this.opening = true;
    const { servers, user, pass, token, authenticator } = this.options;
    wsconnect({ ...CLIENT, servers, user, pass, token, authenticator }).then(
      (nc) => this.opened(nc),
      (err) => this.openFailed(err),
    );
  }

  opened(nc) {
    this.opening = false;
    if (this.subs.size === 0) {
      // Every subscription ended while it connected.
      nc.close().catch(() => {});
      return;
    }
    this.nc = nc;
    this.connected = true;
    this.toldUnreachable = false;
    for (const entry of this.subs) this.listen(entry);
    this.watch(nc);
    this.status("connected");
  }

  openFailed(err) {
    this.opening = false;
    if (this.subs.size === 0) return;
    if (isAuthError(err)) {
      this.fail(err);
      return;
    }
    if (!this.toldUnreachable) {
      this.toldUnreachable = true;
      const why = messageOf(err) || err?.name || "refused";
      this.report(this.error(`cannot connect (${why}: is the server running, with websocket enabled?); retrying`, err));
    }
    const wait = CLIENT.reconnectTimeWait + Math.random() * CLIENT.reconnectJitter;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.subs.size > 0) this.open();
    }, wait);
  }

  /** Follows the client's status events and the connection's end. */
  watch(nc) {
    (async () => {
      for await (const s of nc.status()) {
        if (this.nc !== nc) return;
        if (s.type === "disconnect") {
          this.connected = false;
          console.warn(`callkit-invite: NATS ${s.server}: connection lost; reconnecting`);
          this.status("disconnected");
        } else if (s.type === "reconnect") {
          this.connected = true;
          this.status("connected");
        } else if (s.type === "error" && !isAuthError(s.error)) {
          // Permission violations (the connection stays); refused credentials end it below.
          this.report(this.error(s.error.message, s.error));
        } else if (s.type === "staleConnection") {
          console.warn(`callkit-invite: NATS ${nc.getServer()}: no answer to PING; reconnecting`);
        }
      }
    })().catch(() => {});
    nc.closed().then((err) => {
      if (this.nc !== nc) return; // closed by `close`
      this.nc = null;
      this.connected = false;
      this.status("disconnected");
      this.fail(err instanceof Error ? err : new Error("the connection closed"));
    });
  }

  /** The client gave up (refused credentials): stop, and make sends reject. */
  fail(err) {
    const hint = isAuthError(err) ? " (check natsSignaling's user, pass, token, nkeySeed, jwt or creds)" : "";
    this.failure = this.error(`${messageOf(err)}${hint}; not reconnecting`, err);
    this.report(this.failure);
  }

  /** The last subscription ended: disconnect, forget the failure; a later `subscribe` starts again. */
  close() {
    clearTimeout(this.retry);
    this.retry = null;
    this.failure = null;
    this.toldUnreachable = false;
    const nc = this.nc;
    this.nc = null;
    this.connected = false;
    nc?.close().catch(() => {});
  }
}

function isAuthError(err) {
  return err instanceof AuthorizationError || err instanceof UserAuthenticationExpiredError;
}

/** Hands a message's payload to a subscriber, as text; what the kit could not take is dropped here. */
function deliver(entry, data) {
  if (data.length > MAX_TEXT_BYTES) {
    console.warn(`callkit-invite: dropped a NATS message on ${entry.subject}: ${data.length} bytes, over ${MAX_TEXT_BYTES}`);
    return;
  }
  let text;
  try {
    text = strictUtf8.decode(data);
  } catch {
    console.warn(`callkit-invite: dropped a NATS message on ${entry.subject}: not UTF-8`);
    return;
  }
  try {
    entry.onText(text);
  } catch (thrown) {
    console.error("callkit-invite: natsSignaling listener threw:", thrown);
  }
}
