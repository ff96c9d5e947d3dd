// A Janus WebRTC server for the end-to-end tests of the Janus VideoRoom media engine: started
// on loopback from a copy of conf/janus (its WebSocket transport on a free port), killed and
// restarted at will, inside the network namespace of scripts/netns.sh (which gives Janus the
// `ifb0` address it gathers its ICE candidates on).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./nats-server.mjs";
import { ROOT, acceptsConnections, waitUntil } from "./support.mjs";

const JANUS = process.env.JANUS || "janus";
const CONF = join(ROOT, "conf/janus");

/**
 * One request to the VideoRoom plugin in a session of its own: create a session, attach the
 * plugin, send `body` (a synchronous request: "list", "exists", "listparticipants", …), destroy
 * the session. Resolves the plugin's answer (`plugindata.data`). Self-contained, so that it runs
 * as is in Node (where there is a global WebSocket) and in a page (page.evaluate).
 */
async function videoroomRequest({ url, body }) {
  const ws = new WebSocket(url, "janus-protocol");
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`cannot open ${url}`));
  });
  const waiting = new Map();
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data);
    const w = waiting.get(msg.transaction);
    if (w && msg.janus !== "ack") { waiting.delete(msg.transaction); w(msg); }
  };
  let n = 0;
  const send = (msg) => new Promise((resolve, reject) => {
    const transaction = `q${++n}`;
    waiting.set(transaction, (res) => (res.janus === "error" ? reject(new Error(`${res.error.code} ${res.error.reason}`)) : resolve(res)));
    ws.send(JSON.stringify({ ...msg, transaction }));
  });
  try {
    const session_id = (await send({ janus: "create" })).data.id;
    const handle_id = (await send({ janus: "attach", session_id, plugin: "janus.plugin.videoroom" })).data.id;
    const res = await send({ janus: "message", session_id, handle_id, body });
    await send({ janus: "destroy", session_id });
    return res.plugindata.data;
  } finally {
    ws.close();
  }
}

/** A Janus on loopback, its Janus API on a WebSocket (`url`), from conf/janus. */
export class Janus {
  /** Copies the configs with a free WebSocket port into a temp dir; `start: false` leaves the server down. */
  static async create({ start = true } = {}) {
    const j = new Janus();
    j.dir = mkdtempSync(join(tmpdir(), "callkit-janus-"));
    j.port = await freePort();
    for (const name of readdirSync(CONF).filter((f) => f.endsWith(".jcfg"))) {
      let text = readFileSync(join(CONF, name), "utf8");
      if (name === "janus.transport.websockets.jcfg") {
        // The transport's port can only be set in its config file (not on janus's command line).
        const withPort = text.replace(/^(\s*ws_port\s*=\s*)\d+/m, `$1${j.port}`);
        if (withPort === text) throw new Error(`no ws_port in ${join(CONF, name)}`);
        text = withPort;
      }
      if (name === "janus.jcfg") {
        // ICE on the namespace's ifb0 only (see the comment in conf/janus/janus.jcfg).
        const enforced = text.replace(/^nat: \{$/m, 'nat: {\n\tice_enforce_list = "ifb0"');
        if (enforced === text) throw new Error(`no nat block in ${join(CONF, name)}`);
        text = enforced;
      }
      writeFileSync(join(j.dir, name), text);
    }
    j.log = "";
    if (start) await j.start();
    return j;
  }

  get url() { return `ws://127.0.0.1:${this.port}`; }

  /** Starts janus and waits until its WebSocket port accepts connections. */
  async start() {
    this.log = "";
    const began = Date.now();
    this.child = spawn(JANUS, ["-C", join(this.dir, "janus.jcfg"), "-F", this.dir], { stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout.on("data", (d) => { this.log += d; });
    this.child.stderr.on("data", (d) => { this.log += d; });
    const spawned = new Promise((resolve, reject) => { this.child.once("spawn", resolve); this.child.once("error", reject); });
    await spawned.catch((err) => { throw new Error(`cannot run ${JANUS} (scripts/bootstrap.sh --browsers installs it): ${err.message}`); });
    this.killOnExit = () => this.child.kill("SIGKILL");
    process.once("exit", this.killOnExit);
    const child = this.child;
    await waitUntil(() => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`janus exited (${child.exitCode ?? child.signalCode})`);
      return acceptsConnections(this.port);
    }, { timeout: 10_000, message: () => `janus to accept WebSocket connections on port ${this.port}; its log:\n${this.log}` });
    /** How long the last start took, until the port answered (ms). */
    this.startMs = Date.now() - began;
  }

  /** The server going away without a goodbye (SIGKILL): its sessions vanish with it. */
  async kill() { await this.#end("SIGKILL"); }

  async #end(signal, graceMs = 0) {
    if (!this.child) return;
    process.removeListener("exit", this.killOnExit);
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    if (graceMs && !(await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(r, graceMs, false))]))) child.kill("SIGKILL");
    await exited;
  }

  async restart() {
    await this.kill();
    await this.start();
  }

  /** A clean shutdown (SIGTERM, SIGKILL after 5 s); removes the temp dir. */
  async stop() {
    await this.#end("SIGTERM", 5000);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * A synchronous VideoRoom request (`{ request: "exists", room }`, `{ request: "list" }`, …)
   * in a session of its own; resolves the plugin's answer. Node 20 has a WebSocket client only
   * behind --experimental-websocket (global from Node 22), and a hand-made one over node:http
   * would be more code than the rest of this file: so the request runs in Node when there is a
   * global WebSocket, else in `page` (a Playwright page of the test's browser, any origin that
   * may open ws://127.0.0.1), which every Janus test has anyway.
   */
  async videoroom(body, page) {
    const args = { url: this.url, body };
    if (page) return page.evaluate(videoroomRequest, args);
    if (typeof globalThis.WebSocket === "function") return videoroomRequest(args);
    throw new Error("Janus.videoroom: no global WebSocket in this Node (run it with --experimental-websocket), and no page given");
  }

  /** Whether room `room` exists (private rooms included). */
  async exists(room, page) {
    return (await this.videoroom({ request: "exists", room }, page)).exists;
  }

  /** The public rooms ("list" never shows private ones), with their settings. */
  async rooms(page) {
    return (await this.videoroom({ request: "list" }, page)).list;
  }
}
