// callkit-invite/janus, the pure part: which server a call's room lives on, the room's number
// and pin, which feeds a member receives, and the checks of `janusMedia`'s options. No I/O:
// tests/node/janus.test.mjs runs these in Node.

/** At most this many servers in `servers`. */
export const MAX_SERVERS = 64;
/** Longest server URL accepted. */
const MAX_URL = 2048;
/** Longest `token` accepted. */
const MAX_TOKEN = 4096;

/**
 * The server of a call's room: every member computes the same one from the call ID alone, so
 * they all meet there. FNV-1a (32 bits) of the call ID's UTF-8, modulo the number of servers:
 * stable across browsers and versions, and spread evenly over the list. All kits of an app must
 * be given the same list in the same order.
 */
export function serverFor(callID, servers) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(callID)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return servers[h % servers.length];
}

/**
 * The room of a call: its number from the call ID *and* the media key (FNV-1a, 64 bits, cut to
 * 52 so that it is an exact JS number and a valid Janus room ID), so that someone who knows only
 * the call ID cannot find it, nor create it first; the key is its pin and its secret.
 */
export function roomFor(callID, mediaKey) {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(`${callID}\n${mediaKey}`)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const room = Number(h >> 12n);
  return { room: room === 0 ? 1 : room, pin: mediaKey, secret: mediaKey };
}

/**
 * The feed to receive from each member: `publishers` are the room's publishers as Janus lists
 * them (`{ id, display }`, `display` set to the publisher's userID), in the order they were
 * announced. Only members count (the room is locked, but a member's list is the kit's word, not
 * the room's); a member seen twice (it published again after a reconnection, before Janus
 * dropped its old session) is received from its latest feed. Returns a Map userID → feed ID.
 */
export function feedsToReceive(publishers, members, me) {
  const wanted = new Map();
  for (const p of publishers) {
    if (typeof p.display === "string" && p.display !== me && members.includes(p.display)) {
      wanted.set(p.display, p.id);
    }
  }
  return wanted;
}

/** A `TypeError` naming the field, with the kit's error code. */
function typeError(field, reason) {
  const err = new TypeError(`janusMedia: ${field}: ${reason}`);
  err.code = "INVALID_ARGUMENT";
  return err;
}

/** Checks `janusMedia`'s options; returns them with the defaults filled in. */
export function readOptions(options) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw typeError("options", "must be an object such as { servers: [\"wss://janus.example.com/ws\"] }");
  }
  const list = typeof options.servers === "string" ? [options.servers] : options.servers;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_SERVERS) {
    throw typeError("servers", `must be a WebSocket URL or a list of 1 to ${MAX_SERVERS} of them`);
  }
  const servers = list.map((url, i) => {
    const field = typeof options.servers === "string" ? "servers" : `servers[${i}]`;
    if (typeof url !== "string" || url.length > MAX_URL) throw typeError(field, "must be a ws:// or wss:// URL");
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw typeError(field, `must be a ws:// or wss:// URL, not ${JSON.stringify(url.slice(0, 80))}`);
    }
    if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") throw typeError(field, `must be a ws:// or wss:// URL, not ${parsed.protocol}`);
    return parsed.href;
  });
  const number = (name, fallback, min, max) => {
    const v = options[name];
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw typeError(name, `must be a whole number of milliseconds from ${min} to ${max}`);
    return v;
  };
  const token = options.token;
  if (token !== undefined && (typeof token !== "string" || token === "" || token.length > MAX_TOKEN)) {
    throw typeError("token", `must be a non-empty string of at most ${MAX_TOKEN} characters`);
  }
  return {
    servers,
    token,
    // Janus drops a session silent for `session_timeout` (60 s by default): well below it.
    keepaliveMs: number("keepaliveMs", 25_000, 1_000, 55_000),
    // The first retry after a lost server, doubled up to `retryMaxMs`.
    retryMs: number("retryMs", 500, 100, 60_000),
    retryMaxMs: number("retryMaxMs", 4_000, 100, 300_000),
  };
}
