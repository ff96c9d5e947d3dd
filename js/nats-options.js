// The checks of callkit-invite/nats: its options, and the arguments of `send` and `subscribe`.
// What the app (or the kit) hands over may be anything, a getter or a Proxy that throws
// included: every read is caught and every refusal is a TypeError (or RangeError) that names
// the field, never quoting a secret.
import { credsAuthenticator, jwtAuthenticator, nkeyAuthenticator, nkeys } from "@nats-io/nats-core";
import { DEFAULT_PREFIX, PREFIX_RULE, subject, validPrefix } from "./nats-subject.js";

/** Most recipients of one `send`: the largest call the kit allows (SPEC §7). */
export const MAX_RECIPIENTS = 50;
/** Largest text `send` takes and a subscription delivers, in UTF-8 bytes: the kit's message limit. */
export const MAX_TEXT_BYTES = 64 * 1024;
/** Most server URLs in `servers`. */
const MAX_SERVERS = 32;
const utf8 = new TextEncoder();

/** A `ws://` or `wss://` URL with a host, and no blank or control character. */
function validUrl(url) {
  const m = /^wss?:\/\/([^/?#]*)/i.exec(url);
  return m !== null && m[1] !== "" && !m[1].startsWith(":") && !/[\x00-\x20\x7f]/.test(url);
}

/** Reads `options`, checking each field; throws a TypeError naming the first bad one. */
export function readOptions(options) {
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

/** What was thrown, as at most 200 characters of text (its `message` when it has one). */
export function messageOf(err) {
  try {
    const m = err?.message ?? err;
    return String(m).slice(0, 200);
  } catch {
    return "?";
  }
}

/** The arguments of `send`, checked: the subjects to publish to and the text's bytes. */
export function readSend(text, meta, prefix) {
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
export function readMeta(object, keys, where, path = "meta.") {
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
