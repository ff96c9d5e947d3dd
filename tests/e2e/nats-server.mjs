// A nats-server for the end-to-end tests, started on loopback from a generated config (with its
// WebSocket listener), killed and restarted at will; and the credentials the tests log in with:
// nkeys made with @nats-io/nkeys, and decentralized-auth JWTs (an operator, an account and its
// users) signed with them, as `nsc` would.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccount, createOperator, createUser } from "@nats-io/nkeys";
import { waitUntil } from "./support.mjs";

const NATS_SERVER = process.env.NATS_SERVER || "nats-server";

/** A TCP port nobody listens on (at the time of asking). */
export async function freePort() {
  const srv = createServer();
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** A nats-server on loopback: client, WebSocket and monitoring ports, `extra` config appended. */
export class Nats {
  /** Picks the ports and writes the config; `start: false` leaves the server down. */
  static async create(extra = "", { start = true } = {}) {
    const n = new Nats();
    n.dir = mkdtempSync(join(tmpdir(), "callkit-nats-"));
    [n.port, n.wsPort, n.httpPort] = [await freePort(), await freePort(), await freePort()];
    n.config = join(n.dir, "nats.conf");
    writeFileSync(n.config, [
      `listen: "127.0.0.1:${n.port}"`,
      `http: "127.0.0.1:${n.httpPort}"`,
      `websocket { listen: "127.0.0.1:${n.wsPort}", no_tls: true }`,
      extra,
    ].join("\n"));
    if (start) await n.start();
    return n;
  }

  get url() { return `ws://127.0.0.1:${this.wsPort}`; }

  async start() {
    this.log = "";
    this.child = spawn(NATS_SERVER, ["-c", this.config], { stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout.on("data", (d) => { this.log += d; });
    this.child.stderr.on("data", (d) => { this.log += d; });
    const spawned = new Promise((resolve, reject) => { this.child.once("spawn", resolve); this.child.once("error", reject); });
    await spawned.catch((err) => { throw new Error(`cannot run ${NATS_SERVER} (scripts/bootstrap.sh --browsers installs it): ${err.message}`); });
    this.killOnExit = () => this.child.kill("SIGKILL");
    process.once("exit", this.killOnExit);
    await waitUntil(() => this.monitor("varz"), { timeout: 10_000, message: () => `nats-server to start; its log:\n${this.log}` });
  }

  /** The server going away without a goodbye. */
  async kill() {
    if (!this.child) return;
    process.removeListener("exit", this.killOnExit);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGKILL");
    await exited;
  }

  /** A monitoring endpoint's JSON, or null while the server is not up. */
  async monitor(path) {
    const res = await fetch(`http://127.0.0.1:${this.httpPort}/${path}`).catch(() => null);
    return res?.ok ? res.json() : null;
  }

  /** The subjects the connected clients subscribe to, sorted (null while the server is down). */
  async clientSubjects() {
    const connz = await this.monitor("connz?subs=1");
    return connz && connz.connections.flatMap((c) => c.subscriptions_list ?? []).sort();
  }

  /** Waits until the clients hold exactly `n` subscriptions: every kit is (re)connected and subscribed. */
  async waitForSubscriptions(n) {
    await waitUntil(async () => (await this.clientSubjects())?.length === n,
      { timeout: 15_000, message: async () => `${n} subscriptions; the clients have ${JSON.stringify(await this.clientSubjects())}` });
  }

  async stop() {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const text = new TextDecoder();
const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

/** A user nkey: its public key (`U…`, for the server's config) and its seed (`SU…`, for the client). */
export function userNkey() {
  const kp = createUser();
  return { publicKey: kp.getPublicKey(), seed: text.decode(kp.getSeed()) };
}

/** A JWT of `claims` (`sub`, `name`, `nats`), issued and signed by the key pair `issuer`. */
function jwt(issuer, claims) {
  const body = { iat: Math.floor(Date.now() / 1000), iss: issuer.getPublicKey(), ...claims };
  // The JWT ID is the base32 SHA-512/256 of the claims without it, as the Go library computes it.
  const jti = createHash("sha512-256").update(JSON.stringify(body)).digest();
  const header = b64url(JSON.stringify({ typ: "JWT", alg: "ed25519-nkey" }));
  const payload = b64url(JSON.stringify({ jti: base32(jti), ...body }));
  const sig = issuer.sign(new TextEncoder().encode(`${header}.${payload}`));
  return `${header}.${payload}.${b64url(sig)}`;
}

function base32(bytes) {
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Decentralized auth: an operator, one account, and a function that makes that account's users.
 * `config` is the server's (operator mode, accounts preloaded in memory); `user(name)` returns
 * `{ jwt, seed, creds }` (creds: the text of the .creds file `nsc` would write).
 */
export function operatorMode() {
  const operator = createOperator();
  const account = createAccount();
  const operatorJwt = jwt(operator, { sub: operator.getPublicKey(), name: "callkit-e2e", nats: { type: "operator", version: 2 } });
  const unlimited = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 };
  const accountJwt = jwt(operator, { sub: account.getPublicKey(), name: "app", nats: { limits: unlimited, default_permissions: { pub: {}, sub: {} }, type: "account", version: 2 } });
  const config = [
    `operator: ${operatorJwt}`,
    "resolver: MEMORY",
    `resolver_preload: { ${account.getPublicKey()}: ${accountJwt} }`,
  ].join("\n");
  const user = (name) => {
    const kp = createUser();
    const userJwt = jwt(account, { sub: kp.getPublicKey(), name, nats: { pub: {}, sub: {}, subs: -1, data: -1, payload: -1, type: "user", version: 2 } });
    const seed = text.decode(kp.getSeed());
    const creds = `-----BEGIN NATS USER JWT-----\n${userJwt}\n------END NATS USER JWT------\n\n` +
      "************************* IMPORTANT *************************\n" +
      "NKEY Seed printed below can be used to sign and prove identity.\n\n" +
      `-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`;
    return { jwt: userJwt, seed, creds };
  };
  return { config, user };
}
