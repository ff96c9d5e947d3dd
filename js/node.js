// `callkit-invite` in Node (the "node" export condition): the kit, initialised on import from
// the wasm file next to this one, read with node:fs (Node's fetch cannot read file: URLs).
// Browser bundlers resolve index.js instead and never see node:fs.
import { readFileSync } from "node:fs";
import { initSync } from "./callkit_invite.js";

initSync({ module: readFileSync(new URL("callkit_invite_bg.wasm", import.meta.url)) });

export * from "./callkit_invite.js";
export { default } from "./callkit_invite.js";
