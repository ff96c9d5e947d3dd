// Start-up of a page that uses the kit: fetch + compile + instantiate the wasm (`init()`), then
// `CallKit.create` and `joinRoom` until the call page is in the DOM and a frame has begun.
// The figures go to `globalThis.startup` for bench/startup.mjs; nothing runs before this module.
import init, { CallKit } from "../pkg/callkit_invite.js";

const USERS = ["bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
  .map((id) => ({ userID: id, userName: id[0].toUpperCase() + id.slice(1) }));
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

async function main() {
  const moduleStart = performance.now();
  const wasm = await init();
  const initDone = performance.now();
  const container = document.querySelector("#call");
  const zp = CallKit.create(CallKit.generateKitTokenForTest(1234567, "bench-secret", null, "alice", "Alice"));
  zp.setCallInvitationConfig({ canInvitingInCalling: true });
  zp.joinRoom({ container, callingInvitationListConfig: { waitingSelectUsers: USERS } });
  // The call page is in the kit's shadow root, in its element in the container.
  const callPage = () => container.querySelector("callkit-invite")?.shadowRoot?.querySelector(".cki-call");
  if (!callPage()) {
    await new Promise((resolve) => {
      const seen = new MutationObserver(() => callPage() && (seen.disconnect(), resolve()));
      seen.observe(container, { childList: true, subtree: true });
    });
  }
  const rendered = performance.now();
  await nextFrame();
  const framed = performance.now();
  const wasmEntry = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
  globalThis.startup = {
    moduleStart,
    init: initDone - moduleStart,
    create: rendered - initDone,
    firstFrame: framed - initDone,
    total: framed,
    wasmFetch: wasmEntry ? wasmEntry.responseEnd - wasmEntry.startTime : null,
    wasmMemory: wasm.memory.buffer.byteLength,
  };
}

main().catch((err) => { globalThis.startup = { error: String(err?.stack ?? err) }; });
