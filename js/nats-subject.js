// The subjects of callkit-invite/nats: each user listens on its own, `<prefix>.<appID>.u.<userID>`,
// with the IDs escaped into one token each, byte for byte as the Rust transport it replaced
// named them, so that server permission configs written for it stay valid.

/** The first token of every subject unless `subjectPrefix` says otherwise. */
export const DEFAULT_PREFIX = "callkit";
/** What a `subjectPrefix` must be, as errors say it. */
export const PREFIX_RULE = "must be tokens of A-Z, a-z, 0-9, _ and - separated by dots";
/** Longest `subjectPrefix`, in bytes. */
const MAX_PREFIX = 128;
const utf8 = new TextEncoder();

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

/** `natsSubject` for arguments already checked. */
export function subject(prefix, appID, userID) {
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

/** Whether `prefix` is one or more `.`-separated tokens of `[A-Za-z0-9_-]`, at most 128 bytes. */
export function validPrefix(prefix) {
  return typeof prefix === "string" && prefix.length <= MAX_PREFIX && /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix);
}
