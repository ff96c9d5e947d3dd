// callkit-invite/janus: the call's media through a Janus WebRTC server's VideoRoom plugin (an
// SFU): each member publishes once and receives the others' feeds from the server, instead of
// one connection per pair. `zp.addPlugins({ media: janusMedia({ servers }) })`.
//
// It speaks Janus's JSON API over a WebSocket itself rather than through janus.js (the npm
// package janus-gateway): the kit already owns the capture, the tracks and the tiles, and needs
// only the room's requests and two RTCPeerConnections (one publishing, one receiving every
// feed). janus.js would bring its own getUserMedia and track handling to bypass, and
// webrtc-adapter, which patches the page's RTCPeerConnection globally; bundled and minified the
// two are three and a half times the size of this engine (docs/design.md has the numbers).
//
// The room's number, pin and secret come from the call's media key, which only members get
// (janus-room.js); who is received is the kit's member list, not the room's.
import { feedsToReceive, readOptions, roomFor, serverFor } from "./janus-room.js";

export { MAX_SERVERS, feedsToReceive, roomFor, serverFor } from "./janus-room.js";

/** Janus's VideoRoom error codes the engine acts on. */
const NO_SUCH_ROOM = 426;
const ROOM_EXISTS = 427;
/** How long a request may wait for its answer before the connection counts as lost. */
const REQUEST_MS = 10_000;
/** How long `leave` waits for the room's cleanup before it closes the socket anyway. */
const LEAVE_MS = 2_000;
/**
 * From this many members on, the video sent is halved in size and capped at 15 fps: the tiles
 * are small then, and every member decodes every other's video (with 10 members, 9 streams).
 */
export const SMALL_VIDEO_FROM = 5;

const warn = (message, detail) => console.warn(`callkit-invite/janus: ${message}`, ...(detail === undefined ? [] : [detail]));

/**
 * A media engine for `zp.addPlugins({ media })`: the call's audio and video through Janus.
 * Checks `options` at once (a `TypeError` naming the field).
 * @param {import("./janus.d.ts").JanusMediaOptions} options
 * @returns {import("./janus.d.ts").JanusMedia}
 */
export function janusMedia(options) {
  return new JanusMedia(readOptions(options));
}

class JanusMedia {
  #options;
  /** The call's connection to its server, while this kit is in a call. */
  #room = null;
  /** The members' streams by userID (no prototype: any userID is a plain key). */
  #streams = Object.create(null);

  constructor(options) {
    this.#options = options;
  }

  /** The kit's call as it is now: follow it, and return the members' streams. */
  update(call) {
    if (this.#room && this.#room.callID !== call.callID) this.leave();
    for (const id of call.members) this.#streams[id] ??= new MediaStream();
    for (const id of Object.keys(this.#streams)) if (!call.members.includes(id)) delete this.#streams[id];
    if (!this.#room) this.#room = new RoomConnection(this.#options, call, this.#streams);
    else this.#room.follow(call);
    return this.#streams;
  }

  /** This kit's media of the call is over. */
  leave() {
    this.#room?.close();
    this.#room = null;
    this.#streams = Object.create(null);
  }
}

/**
 * One call's room on its server, for as long as this kit is in the call: connects, publishes,
 * receives, keeps the session alive, and starts over (after a growing pause) whenever the
 * socket, the session or the room is lost, such as when Janus restarts.
 */
class RoomConnection {
  constructor(options, call, streams) {
    this.options = options;
    this.callID = call.callID;
    this.call = call;
    this.streams = streams;
    this.server = serverFor(call.callID, options.servers);
    Object.assign(this, roomFor(call.callID, call.mediaKey));
    this.closed = false;
    this.retryMs = options.retryMs;
    this.attempt = 0;
    this.#connect();
  }

  /** The kit's call changed: members, or the local tracks. */
  follow(call) {
    this.call = call;
    this.link?.follow(call);
  }

  /** Leaves the room for good: destroys it when nobody else is in it. */
  close() {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const link = this.link;
    this.link = null;
    link?.leave();
  }

  #connect() {
    const attempt = ++this.attempt;
    const link = new Link(this, attempt);
    this.link = link;
    link.start().then(
      () => { this.retryMs = this.options.retryMs; },
      (err) => this.lost(link, err),
    );
  }

  /** `link` failed or dropped: try again later, unless it was replaced or closed meanwhile. */
  lost(link, err) {
    if (this.closed || this.link !== link) return;
    warn(`lost ${this.server} (${err?.message ?? err}); trying again in ${this.retryMs} ms`);
    link.dispose();
    this.link = null;
    for (const stream of Object.values(this.streams)) for (const track of stream.getTracks()) stream.removeTrack(track);
    this.retryTimer = setTimeout(() => { if (!this.closed) this.#connect(); }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, this.options.retryMaxMs);
  }
}

/**
 * One connection to the server: a WebSocket, a session with two handles of the VideoRoom
 * plugin (one publishes this member, one receives the others), and their two peer connections.
 */
class Link {
  constructor(room, attempt) {
    this.room = room;
    this.attempt = attempt;
    this.pending = new Map();
    this.n = 0;
    this.publishers = [];
    /** Feed ID → userID of what the receiving connection carries (or is asked to). */
    this.received = new Map();
    /** mid → userID on the receiving connection. */
    this.mids = new Map();
    /** The receiving connection's negotiations, one after the other. */
    this.negotiations = Promise.resolve();
    this.queued = false;
  }

  get call() {
    return this.room.call;
  }

  async start() {
    await this.#open();
    this.session = (await this.#request({ janus: "create" })).data.id;
    this.keepalive = setInterval(() => this.#send({ janus: "keepalive", session_id: this.session }), this.room.options.keepaliveMs);
    this.publisher = await this.#attach();
    await this.#enterRoom();
  }

  /** Opens the socket; its loss (or a session's) ends the link. */
  #open() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.room.server, "janus-protocol");
      this.ws = ws;
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error("cannot open the WebSocket"));
      ws.onclose = (e) => this.#fail(new Error(`the WebSocket closed (${e.code})`));
      ws.onmessage = (e) => this.#receive(e.data);
    });
  }

  /** Creates the room when it is not there, and publishes into it. */
  async #enterRoom() {
    const { room, pin, secret } = this.room;
    const created = await this.#message(this.publisher, {
      // Room for every member twice: one who reconnects publishes again before the server has
      // dropped its old session.
      request: "create", room, pin, secret, is_private: true, publishers: 2 * this.call.maxUsers,
    });
    const code = created.plugindata?.data?.error_code;
    if (code && code !== ROOM_EXISTS) throw new Error(`cannot create the room: ${created.plugindata.data.error}`);
    await this.#publish();
  }

  /** Publishes this member's tracks: a send-only offer, answered in the join. */
  async #publish() {
    const call = this.call;
    const pc = new RTCPeerConnection({ iceServers: call.iceServers ?? [] });
    this.pubPc = pc;
    this.#trickle(pc, this.publisher);
    const kinds = call.video ? ["audio", "video"] : ["audio"];
    for (const kind of kinds) {
      const track = call.stream.getTracks().find((t) => t.kind === kind);
      pc.addTransceiver(track ?? kind, { direction: "sendonly", streams: [call.stream] });
    }
    this.sent = new Map(kinds.map((kind) => [kind, call.stream.getTracks().find((t) => t.kind === kind) ?? null]));
    await pc.setLocalDescription();
    const joined = await this.#message(this.publisher, {
      request: "joinandconfigure", ptype: "publisher", room: this.room.room, pin: this.room.pin, display: call.userID, audio: true, video: call.video,
    }, pc.localDescription);
    const data = joined.plugindata?.data ?? {};
    if (data.error_code === NO_SUCH_ROOM) throw new Error("the room went away before the join"); // destroyed meanwhile: start over
    if (data.videoroom !== "joined" || !joined.jsep) throw new Error(`cannot join the room: ${data.error ?? data.videoroom}`);
    this.feed = data.id;
    await pc.setRemoteDescription(joined.jsep);
    this.published = true;
    this.#fitVideo(call.members.length + 1);
    this.#publishers(data.publishers ?? []);
  }

  /** The kit's call changed: swap the tracks sent, and receive the right feeds. */
  follow(call) {
    if (this.sent && this.pubPc) {
      for (const transceiver of this.pubPc.getTransceivers()) {
        const kind = transceiver.sender.track?.kind ?? transceiver.receiver.track.kind;
        const track = call.stream.getTracks().find((t) => t.kind === kind) ?? null;
        if (this.sent.get(kind) !== track) {
          this.sent.set(kind, track);
          // No renegotiation: the camera off is a sender without a track, back on a new track.
          transceiver.sender.replaceTrack(track).catch((err) => warn(`could not switch the ${kind} track`, err));
        }
      }
    }
    this.#fitVideo(call.members.length + 1);
    this.#subscribe();
  }

  /** Sends video of the size the call's tiles need (see SMALL_VIDEO_FROM). */
  #fitVideo(members) {
    const small = members >= SMALL_VIDEO_FROM;
    const sender = this.pubPc?.getTransceivers().find((t) => t.receiver.track.kind === "video")?.sender;
    // Only once negotiated: parameters read while the answer is being applied are refused
    // ("modified RTCP parameters").
    if (!sender || !this.published || this.small === small) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings?.length) return;
    this.small = small;
    for (const encoding of parameters.encodings) {
      encoding.scaleResolutionDownBy = small ? 2 : 1;
      if (small) encoding.maxFramerate = 15;
      else delete encoding.maxFramerate;
    }
    sender.setParameters(parameters).catch((err) => {
      if (this.small === small) this.small = undefined; // tried again at the next change
      warn("could not resize the video sent", err);
    });
  }

  /** Publishers announced by the room (in the join, or later events). */
  #publishers(list) {
    for (const p of list) {
      this.publishers = this.publishers.filter((q) => q.id !== p.id);
      this.publishers.push({ id: p.id, display: p.display });
    }
    this.#subscribe();
  }

  /** A publisher left or stopped publishing. */
  #unpublished(id) {
    this.publishers = this.publishers.filter((p) => p.id !== id);
    this.#subscribe();
  }

  /** Runs `negotiate` after the receiving connection's earlier negotiations; a failure ends the link. */
  #serially(negotiate) {
    this.negotiations = this.negotiations.then(negotiate).catch((err) => this.#fail(err));
  }

  /**
   * Brings the receiving connection in line with the feeds wanted: the first time a `join` as
   * subscriber, then `update` requests. One pass waits in line at most: it looks at the feeds
   * wanted when it runs.
   */
  #subscribe() {
    if (!this.session || this.feed === undefined || this.queued) return;
    this.queued = true;
    this.#serially(async () => {
      this.queued = false;
      const wanted = feedsToReceive(this.publishers, this.call.members, this.call.userID);
      const feeds = new Set(wanted.values());
      const subscribe = [...feeds].filter((f) => !this.received.has(f)).map((feed) => ({ feed }));
      const unsubscribe = [...this.received.keys()].filter((f) => !feeds.has(f)).map((feed) => ({ feed }));
      for (const [user, feed] of wanted) this.received.set(feed, user);
      for (const { feed } of unsubscribe) this.received.delete(feed);
      if (!subscribe.length && !unsubscribe.length) return;
      let answer;
      if (!this.subscriber) {
        if (!subscribe.length) return;
        this.subscriber = await this.#attach();
        answer = await this.#message(this.subscriber, { request: "join", ptype: "subscriber", room: this.room.room, pin: this.room.pin, streams: subscribe });
      } else {
        const body = { request: "update" };
        if (subscribe.length) body.subscribe = subscribe;
        if (unsubscribe.length) body.unsubscribe = unsubscribe;
        answer = await this.#message(this.subscriber, body);
      }
      const data = answer.plugindata?.data ?? {};
      if (data.error_code) throw new Error(`cannot receive the feeds: ${data.error}`);
      if (answer.jsep) await this.#answer(answer.jsep, data.streams);
      this.#placeTracks();
    });
  }

  /** Answers the server's offer on the receiving connection; `streams` maps its mids to feeds. */
  async #answer(offer, streams) {
    if (Array.isArray(streams)) {
      this.mids.clear();
      for (const s of streams) if (s.active !== false && s.feed_id !== undefined) this.mids.set(s.mid, s.feed_id);
    }
    if (!this.subPc) {
      const pc = new RTCPeerConnection({ iceServers: this.call.iceServers ?? [] });
      this.subPc = pc;
      this.#trickle(pc, this.subscriber);
      pc.ontrack = () => this.#placeTracks();
    }
    await this.subPc.setRemoteDescription(offer);
    await this.subPc.setLocalDescription();
    const started = await this.#message(this.subscriber, { request: "start", room: this.room.room }, this.subPc.localDescription);
    const data = started.plugindata?.data ?? {};
    if (data.error_code) throw new Error(`cannot start receiving: ${data.error}`);
  }

  /**
   * Each member's stream holds the tracks of the mids that carry its feed now, and nothing
   * else. (The server reuses a mid, and the browser its track, for another feed once the first
   * is gone: placing by mid after every negotiation moves such a track to its new member.)
   */
  #placeTracks() {
    const place = new Map();
    for (const t of this.subPc?.getTransceivers() ?? []) {
      const user = this.received.get(this.mids.get(t.mid));
      if (user !== undefined && t.mid !== null) place.set(t.receiver.track, user);
    }
    for (const [user, stream] of Object.entries(this.room.streams)) {
      for (const track of stream.getTracks()) if (place.get(track) !== user) stream.removeTrack(track);
      for (const [track, owner] of place) if (owner === user && !stream.getTrackById(track.id)) stream.addTrack(track);
    }
  }

  /** Sends `pc`'s ICE candidates to the server as they come. */
  #trickle(pc, handle) {
    pc.onicecandidate = (e) => {
      const candidate = e.candidate ? { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex } : { completed: true };
      this.#send({ janus: "trickle", session_id: this.session, handle_id: handle, candidate });
    };
  }

  async #attach() {
    return (await this.#request({ janus: "attach", session_id: this.session, plugin: "janus.plugin.videoroom" })).data.id;
  }

  /** A request to the plugin on `handle`; resolves its answer (a "success" or the plugin's event). */
  #message(handle, body, jsep) {
    const message = { janus: "message", session_id: this.session, handle_id: handle, body };
    if (jsep) message.jsep = { type: jsep.type, sdp: jsep.sdp };
    return this.#request(message);
  }

  /** Sends a request; resolves the first answer with its transaction that is not an "ack". */
  #request(message) {
    return new Promise((resolve, reject) => {
      const transaction = `${this.attempt}.${++this.n}`;
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new Error(`no answer to ${message.body?.request ?? message.janus} in ${REQUEST_MS} ms`));
      }, REQUEST_MS);
      this.pending.set(transaction, (answer) => {
        clearTimeout(timer);
        if (answer.janus === "error") reject(new Error(`${message.janus}: ${answer.error?.code} ${answer.error?.reason}`));
        else resolve(answer);
      });
      this.#send({ ...message, transaction });
    });
  }

  /**
   * Sends a message; every message to Janus carries a transaction (answers to these are acks),
   * and the `token` when there is one (a server with `token_auth` refuses what has none).
   */
  #send(message) {
    const token = this.room.options.token;
    const transaction = message.transaction ?? `${this.attempt}.${++this.n}`;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ ...message, transaction, ...(token ? { token } : {}) }));
  }

  /** What the server says: answers to requests, and the room's and the handles' events. */
  #receive(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.janus === "ack") return;
    const answer = this.pending.get(msg.transaction);
    if (answer) {
      this.pending.delete(msg.transaction);
      answer(msg);
      return;
    }
    if (msg.janus === "timeout" || (msg.janus === "error" && msg.error?.code === 458)) {
      this.#fail(new Error("the server dropped the session"));
    } else if (msg.janus === "hangup" && (msg.sender === this.publisher || msg.sender === this.subscriber)) {
      // A connection's ICE or DTLS failed on the server's side: both start over.
      this.#fail(new Error(`the server hung up the ${msg.sender === this.publisher ? "published" : "received"} media (${msg.reason})`));
    } else if (msg.janus === "event") {
      const data = msg.plugindata?.data ?? {};
      if (data.videoroom === "destroyed") this.#fail(new Error("the room was destroyed"));
      if (msg.sender === this.publisher) {
        if (Array.isArray(data.publishers)) this.#publishers(data.publishers);
        if (data.unpublished !== undefined) this.#unpublished(data.unpublished);
        if (data.leaving !== undefined) this.#unpublished(data.leaving);
      } else if (msg.sender === this.subscriber && msg.jsep?.type === "offer") {
        // The server renegotiates by itself (a feed it carried went away).
        this.#serially(async () => {
          await this.#answer(msg.jsep, data.streams);
          this.#placeTracks();
        });
      }
    }
  }

  /** The link is broken: the room connection starts over. */
  #fail(err) {
    this.room.lost(this, err);
  }

  /**
   * Leaves the room (destroying it when nobody else is in it), then closes everything. The media
   * stops at once: the connections close now, the room's cleanup follows on the socket.
   */
  leave() {
    this.pubPc?.close();
    this.subPc?.close();
    const done = (async () => {
      if (this.feed === undefined) return;
      const { room, secret } = this.room;
      await this.#message(this.publisher, { request: "leave" });
      const list = await this.#message(this.publisher, { request: "listparticipants", room });
      const others = list.plugindata?.data?.participants ?? [];
      if (!others.some((p) => p.id !== this.feed)) await this.#message(this.publisher, { request: "destroy", room, secret });
      await this.#request({ janus: "destroy", session_id: this.session });
    })();
    const timeout = new Promise((resolve) => setTimeout(resolve, LEAVE_MS));
    Promise.race([done.catch(() => {}), timeout]).then(() => this.dispose());
  }

  /** Closes the socket and the connections, stops the timers; no event comes after. */
  dispose() {
    clearInterval(this.keepalive);
    if (this.ws) {
      this.ws.onclose = this.ws.onmessage = this.ws.onerror = null;
      this.ws.close();
    }
    this.pubPc?.close();
    this.subPc?.close();
    for (const answer of this.pending.values()) answer({ janus: "error", error: { code: 0, reason: "closed" } });
    this.pending.clear();
  }
}
