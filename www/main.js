// Demo entry point (placeholder). Loaded as a module by www/index.html; the
// page's CSP allows only same-origin scripts plus 'wasm-unsafe-eval'.
import init, * as kit from "../pkg/callkit_invite.js";

const status = document.querySelector("#status");
try {
  await init();
  status.textContent = "callkit-invite loaded";
  // Exposed for manual poking in devtools and for end-to-end tests.
  globalThis.callkit = kit;
} catch (err) {
  status.textContent = `callkit-invite failed to load: ${err}`;
  status.classList.add("error");
  throw err;
}
