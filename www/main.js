// The demo: one kit per page, the user from ?userID=&userName=, the transport from ?signaling=,
// the media from ?media= (mesh, janus with janusUrl, off).
// With ?signaling=nats it loads the package's NATS adapter (pkg/nats.js), whose client,
// @nats-io/nats-core, the import map in index.html resolves. What goes wrong (no build, a
// parameter missing, the transport failing) is said on the page, in the status lines.
const params = new URLSearchParams(location.search);

const USERS = [
  ["alice", "Alice"], ["bob", "Bob"], ["carol", "Carol"], ["dave", "Dave"], ["erin", "Erin"],
  ["frank", "Frank"], ["grace", "Grace"], ["heidi", "Heidi"], ["ivan", "Ivan"], ["judy", "Judy"],
].map(([userID, userName]) => ({ userID, userName }));
const APP_ID = 1234567;
const $ = (sel) => document.querySelector(sel);
const status = $("#status");
const connection = $("#connection");

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

/** Shows `text` as an error in the status line, with a link to `fix` (a URL) when given. */
function explain(text, fix) {
  status.textContent = text;
  status.classList.add("error");
  if (fix) status.append(" ", el("a", { href: fix.href }, fix.label));
  document.body.dataset.ready = "true";
}

/** This page's address with the query parameter `name` set to `value`. */
function withParam(name, value) {
  const url = new URL(location.href);
  url.searchParams.set(name, value);
  return url;
}

async function main() {
  let CallKit;
  try {
    // The package's main entry: it starts the wasm itself.
    ({ CallKit } = await import("../pkg/index.js"));
  } catch (err) {
    console.error(err);
    return explain(`The demo could not load the package from /pkg/ (${err.message ?? err}): build it with scripts/build.sh, or run scripts/serve.sh, which builds it.`);
  }
  const userID = params.get("userID");
  if (!userID) return showPicker();
  const me = USERS.find((u) => u.userID === userID);
  const userName = params.get("userName") || me?.userName || userID;
  document.title = `${userName} · callkit-invite demo`;
  $("#who").textContent = userName;

  const signaling = params.get("signaling") || "broadcast";
  const natsUrl = params.get("natsUrl");
  if (signaling !== "broadcast" && signaling !== "nats") {
    return explain(`Unknown signaling "${signaling}": use signaling=broadcast (the default: tabs of this browser) or signaling=nats with a natsUrl.`,
      { href: withParam("signaling", "broadcast").href, label: "Open with BroadcastChannel" });
  }
  if (signaling === "nats" && !natsUrl) {
    const example = "ws://127.0.0.1:8222";
    return explain("signaling=nats needs a server: add natsUrl, the WebSocket address of a nats-server with websocket enabled, to this page's address, "
      + `e.g. &natsUrl=${example} (the README's "A local server for the demo" shows the config).`,
    { href: withParam("natsUrl", example).href, label: `Open with natsUrl=${example}` });
  }

  const media = params.get("media") || "mesh";
  // Several servers: janusUrl given more than once (each call's room goes to one of them).
  const janusUrls = params.getAll("janusUrl");
  if (!["mesh", "janus", "off"].includes(media)) {
    return explain(`Unknown media "${media}": use media=mesh (the default: a connection per pair of members), media=janus with a janusUrl, or media=off.`,
      { href: withParam("media", "mesh").href, label: "Open with the mesh" });
  }
  if (media === "janus" && !janusUrls.length) {
    const example = "ws://127.0.0.1:8188";
    return explain("media=janus needs a server: add janusUrl, the WebSocket address of a Janus server with the VideoRoom plugin, to this page's address, "
      + `e.g. &janusUrl=${example} (the README's "Janus" section shows how to run one).`,
    { href: withParam("janusUrl", example).href, label: `Open with janusUrl=${example}` });
  }

  const token = CallKit.generateKitTokenForTest(APP_ID, "demo-secret-not-a-credential", null, userID, userName);
  const zp = CallKit.create(token);
  globalThis.zp = zp; // for end-to-end tests and devtools

  if (signaling === "nats") {
    const { natsSignaling } = await import("../pkg/nats.js");
    const optional = (name) => params.get(name) ?? undefined; // credentials, when the server wants them
    const show = (text, isError) => {
      connection.textContent = text;
      connection.classList.toggle("error", isError);
      connection.hidden = false;
    };
    show(`NATS: connecting to ${natsUrl}…`, false);
    zp.addPlugins({ signaling: natsSignaling({
      servers: natsUrl,
      user: optional("natsUser"), pass: optional("natsPass"), token: optional("natsToken"),
      // What makes invitations fail (no server, refused credentials or permissions) stays on
      // screen until the connection is (back) up.
      onError: (err) => { show(err.message, true); console.error(err); },
      onStatus: (state) => show(state === "connected" ? `NATS: connected to ${natsUrl}` : "NATS: connection lost; reconnecting…", state !== "connected"),
    }) });
  }
  if (media === "janus") {
    const { janusMedia } = await import("../pkg/janus.js");
    zp.addPlugins({ media: janusMedia({ servers: janusUrls }) });
  }
  $("#transport").textContent = signaling === "nats" ? `NATS (${natsUrl})` : "BroadcastChannel (tabs of this browser)";
  $("#media").textContent = { mesh: "a connection per pair of members (mesh)", janus: `Janus (${janusUrls.join(", ")})`, off: "off" }[media];

  const others = USERS.filter((u) => u.userID !== userID);
  const stage = $("#stage");
  zp.setCallInvitationConfig({
    canInvitingInCalling: true,
    onlyInitiatorCanInvite: false,
    onSetRoomConfigBeforeJoining: () => ({
      container: stage,
      // ?media=off leaves media to the app; ?camera=off / ?mic=off join with them off.
      builtInMedia: media !== "off",
      turnOnCameraWhenJoining: params.get("camera") !== "off",
      turnOnMicrophoneWhenJoining: params.get("mic") !== "off",
      callingInvitationListConfig: { waitingSelectUsers: others.slice(0, 9) },
      onJoinRoom: () => stage.classList.add("in-call"),
      onLeaveRoom: () => stage.classList.remove("in-call"),
    }),
    onCallInvitationEnded: (reason) => { status.textContent = `Call ended: ${reason}`; },
    onIncomingCallReceived: (callID, caller) => { status.textContent = `${caller.userName} is calling`; },
    onOutgoingCallAccepted: (callID, callee) => { status.textContent = `${callee.userName} joined`; },
  });

  const list = $("#directory");
  for (const u of others) {
    const video = el("button", { type: "button", className: "call" }, `Video call ${u.userName}`);
    const voice = el("button", { type: "button", className: "call secondary" }, `Voice call ${u.userName}`);
    const call = (callType) => async () => {
      try {
        const { errorInvitees } = await zp.sendCallInvitation({ callees: [u], callType });
        status.textContent = errorInvitees.length ? `Not invited: ${errorInvitees.map((e) => `${e.userName} (${e.reason})`).join(", ")}` : `Calling ${u.userName}…`;
      } catch (err) {
        status.textContent = err.message;
      }
    };
    video.addEventListener("click", call(CallKit.InvitationTypeVideoCall));
    voice.addEventListener("click", call(CallKit.InvitationTypeVoiceCall));
    list.append(el("li", {}, el("span", { className: "name" }, u.userName), video, voice));
  }
  $("#only-initiator").addEventListener("change", (e) => zp.setCallInvitationConfig({ onlyInitiatorCanInvite: e.target.checked }));
  $("#zh").addEventListener("change", (e) => zp.setLanguage(e.target.checked ? "zh-CN" : "en-US"));
  $("#controls").hidden = false;
  status.textContent = `Signed in as ${userName} (${userID})`;
  document.body.dataset.ready = "true";
}

function showPicker() {
  const list = $("#pick-list");
  for (const u of USERS) {
    const a = el("a", { href: `index.html?userID=${encodeURIComponent(u.userID)}&userName=${encodeURIComponent(u.userName)}` }, u.userName);
    list.append(el("li", {}, a));
  }
  $("#picker").hidden = false;
  status.textContent = "Pick a user";
  document.body.dataset.ready = "true";
}

main().catch((err) => {
  explain(`The demo failed to start: ${err.message ?? err}`);
  console.error(err);
});
