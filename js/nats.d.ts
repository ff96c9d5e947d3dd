// Types of `callkit-invite/nats`: the kit's signaling over NATS, through the official client
// `@nats-io/nats-core`.
import type { ZegoSignalingTransport } from "./callkit_invite.js";

/**
 * `natsSignaling`'s options. Give one way to authenticate, or none: then, when the kit was made
 * from a production kit token (`CallKit.generateKitTokenForProduction(appID, token, …)`), the
 * transport logs in with that `token` (token auth, as with the `token` option), which the kit
 * hands to `subscribe`.
 */
export interface NatsSignalingOptions {
  /**
   * The nats-server WebSocket URL (`ws://` or `wss://`), or 1 to 32 of them (members of a
   * cluster): the client picks one at random and fails over to the others.
   */
  servers: string | string[];
  /** A user name, for a server with `authorization { users }`. */
  user?: string;
  /** That user's password (needs `user`). */
  pass?: string;
  /**
   * A token, for a server with `authorization { token }` (or auth callout). Without any
   * credentials here, the token of a production kit token is used.
   */
  token?: string;
  /**
   * The user's nkey seed (`SU…`), for a server that lists the user's public nkey (`U…`) in
   * `authorization { users: [{ nkey }] }`; with `jwt`, the seed that goes with that JWT.
   */
  nkeySeed?: string;
  /**
   * A user JWT (decentralized auth: an operator, accounts and user JWTs), with `nkeySeed`; or a
   * function that returns the current one, called on every connection.
   */
  jwt?: string | (() => string);
  /** The text of a `.creds` file (a user JWT and its nkey seed), as `nsc` writes it. */
  creds?: string;
  /** The first tokens of every subject (default `"callkit"`): a user listens on `<prefix>.<appID>.u.<userID>`. */
  subjectPrefix?: string;
  /**
   * Called with an `Error` when the server cannot be reached at first (once, while the
   * transport keeps trying), refuses the credentials (the transport stops, and sends reject),
   * or refuses a subscription or a publication (permissions). Default: `console.error`.
   */
  onError?: (error: Error) => void;
  /** Called with `"connected"` when a connection opens or comes back, `"disconnected"` when it is lost. */
  onStatus?: (status: NatsSignalingStatus) => void;
}

/** What `onStatus` receives. */
export type NatsSignalingStatus = "connected" | "disconnected";

/**
 * A signaling transport over NATS, made by `natsSignaling`; pass it to
 * `zp.addPlugins({ signaling })`. Each subscribed user listens on its own subject; `send`
 * publishes to each recipient's. It connects on the first `subscribe` and disconnects when the
 * last subscription ends.
 */
export interface NatsSignaling extends ZegoSignalingTransport {
  /**
   * Publishes `text` (at most 64 KiB of UTF-8) to the subject of each user in `meta.to` (at
   * most 50). Resolves once the server has them; rejects when not connected (the kit reports
   * the invitation as `sendFailed`), when the connection is lost first, or after refused
   * credentials. Bad arguments reject with a `TypeError` or `RangeError` naming the field.
   * `meta.token` is not read: the connection logged in once.
   */
  send(text: string, meta: { appID: string; to: string[]; token?: string }): Promise<void>;
  /**
   * Delivers every text sent to `meta.userID` of `meta.appID` to `onText`; returns the
   * function that unsubscribes (the last one disconnects). `meta.token`, the server token of a
   * production kit token, is the credential when the options give none (the first subscription
   * that brings one, for the connection it opens). Bad arguments throw a `TypeError`.
   */
  subscribe(onText: (text: string) => void, meta: { appID: string; userID: string; token?: string }): () => void;
}

/**
 * A signaling transport over a nats-server's WebSocket listener, through `@nats-io/nats-core`.
 * Throws a `TypeError` naming the field when an option is wrong (`natsSignaling.servers: …`).
 */
export declare function natsSignaling(options: NatsSignalingOptions): NatsSignaling;

/**
 * The subject that user `userID` of app `appID` listens on: `<subjectPrefix>.<appID>.u.<userID>`,
 * each ID escaped into one token (letters, digits and `-` stay, every other byte of its UTF-8
 * becomes `_XX`, `""` becomes `_`). For server permission configs:
 * `natsSubject("1234567", "bob.smith")` is `"callkit.1234567.u.bob_2Esmith"`.
 */
export declare function natsSubject(appID: string, userID: string, subjectPrefix?: string): string;

/** Most recipients of one `send` (50). */
export declare const MAX_RECIPIENTS: number;
/** Largest text `send` takes and a subscription delivers, in UTF-8 bytes (65,536). */
export declare const MAX_TEXT_BYTES: number;
