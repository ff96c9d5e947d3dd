// callkit-invite/nats: the kit's signaling over NATS, through the official client
// @nats-io/nats-core (`wsconnect`). This file maps the kit's transport interface (`send`,
// `subscribe`) onto the client's connection and reports what goes wrong; the subjects are
// nats-subject.js, the checks nats-options.js. The protocol, the authentication and the
// reconnection are the client's.
import { AuthorizationError, UserAuthenticationExpiredError, wsconnect } from "@nats-io/nats-core";
import { MAX_TEXT_BYTES, messageOf, readMeta, readOptions, readSend } from "./nats-options.js";
import { subject } from "./nats-subject.js";

export { natsSubject } from "./nats-subject.js";
export { MAX_RECIPIENTS, MAX_TEXT_BYTES } from "./nats-options.js";

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

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

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
    /**
     * The server token of a production kit token (`CallKit.generateKitTokenForProduction`), from
     * the first subscription that brought one: the credential when the options give none.
     */
    this.kitToken = undefined;
    /** The connection logs in with `kitToken`. */
    this.withKitToken = false;
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
    const { appID, userID, token } = readMeta(meta, ["appID", "userID", "token"], where);
    if (typeof appID !== "string") throw new TypeError(`${where}: meta.appID: must be a string`);
    if (typeof userID !== "string") throw new TypeError(`${where}: meta.userID: must be a string`);
    if (token !== undefined && (typeof token !== "string" || token === "")) throw new TypeError(`${where}: meta.token: must be a non-empty string`);
    this.kitToken ??= token;
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
    try {
      entry.sub = this.nc.subscribe(entry.subject, {
        // An error here is a refused subscription; the connection's status reports it once.
        callback: (err, msg) => {
          if (!err && this.subs.has(entry)) deliver(entry, msg.data);
        },
      });
    } catch (err) {
      // The connection closed under it (the close handler says why): nothing to listen on.
      this.report(this.error(`cannot subscribe to ${entry.subject} (${messageOf(err)})`, err));
    }
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
    // The options' credentials, if any; else the kit token's server token (token auth), if any.
    const own = user !== undefined || token !== undefined || authenticator !== undefined;
    this.withKitToken = !own && this.kitToken !== undefined;
    wsconnect({ ...CLIENT, servers, user, pass, token: own ? token : this.kitToken, authenticator }).then(
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
    const credentials = this.withKitToken ? "the token in the kit token (generateKitTokenForProduction)" : "natsSignaling's user, pass, token, nkeySeed, jwt or creds";
    const hint = isAuthError(err) ? ` (check ${credentials})` : "";
    this.failure = this.error(`${messageOf(err)}${hint}; not reconnecting`, err);
    this.report(this.failure);
  }

  /** The last subscription ended: disconnect, forget the failure; a later `subscribe` starts again. */
  close() {
    clearTimeout(this.retry);
    this.retry = null;
    this.failure = null;
    this.toldUnreachable = false;
    this.kitToken = undefined;
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
