// Types of `callkit-invite/janus`: the call's media through the Janus WebRTC server's VideoRoom
// plugin (an SFU), for `zp.addPlugins({ media: janusMedia({ servers }) })`.
import type { MediaEngine } from "./callkit_invite.js";

/** `janusMedia`'s options. */
export interface JanusMediaOptions {
  /**
   * The Janus WebSocket URL (`ws://` or `wss://`, the `janus-protocol` transport), or 1 to 64 of
   * them. Each call's room lives on one of them, chosen by a stable hash of the call ID, so that
   * all its members meet there: every kit of an app must be given the same list, in the same
   * order (adding a server moves some new calls to it; calls going on stay where they are only
   * if the list does not change under them).
   */
  servers: string | string[];
  /**
   * A token for a Janus with `token_auth = true` (janus.jcfg): sent with every request. Your
   * server adds each user's token to Janus through its Admin API (`add_token`) and hands it to
   * the page; without one, such a server refuses the engine.
   */
  token?: string;
  /** How often the session is kept alive, in ms (default 25,000: below Janus's `session_timeout` of 60 s). */
  keepaliveMs?: number;
  /** The first pause before connecting again after the server was lost, in ms (default 500); it doubles each time. */
  retryMs?: number;
  /** The longest pause between two tries, in ms (default 4,000). */
  retryMaxMs?: number;
}

/**
 * A media engine for `zp.addPlugins({ media })`. Each member publishes its microphone and camera
 * once to a VideoRoom room of the call and receives the other members' feeds from it. The room
 * is created by the first member to come (private, numbered from the call ID and the call's
 * media key, locked with the key as pin and secret: the key only reaches members) and destroyed
 * by the last one to leave. When the socket, the session or the room is lost (Janus restarted),
 * the engine connects again after 0.5, 1, 2, 4, 4… s and publishes and receives again.
 */
export interface JanusMedia extends MediaEngine {}

/**
 * Makes a Janus media engine. Checks `options` at once: a `TypeError` (code
 * `"INVALID_ARGUMENT"`) naming the field.
 */
export function janusMedia(options: JanusMediaOptions): JanusMedia;

/** The most servers `servers` may list. */
export const MAX_SERVERS: 64;

/** The server of a call's room, from the call ID: the same on every member's kit. */
export function serverFor(callID: string, servers: readonly string[]): string;

/** The room number (a 52-bit integer), pin and secret of a call's room, from its ID and media key. */
export function roomFor(callID: string, mediaKey: string): { room: number; pin: string; secret: string };

/**
 * The feed to receive from each member, by userID: `publishers` as the room lists them
 * (`display` is the publisher's userID); only `members` other than `me`, each from its latest feed.
 */
export function feedsToReceive(publishers: readonly { id: number; display?: string }[], members: readonly string[], me: string): Map<string, number>;
