// `callkit-invite` in browsers and bundlers: the kit, initialised on import. The top-level
// await fetches and compiles callkit_invite_bg.wasm (next to the glue, found through
// `new URL(…, import.meta.url)`, which bundlers turn into an asset) before the importer runs.
// `init` stays exported: calling it again resolves at once. The glue itself, not the guarded
// `callkit-invite/manual`: here nothing can run before the wasm, and the default import stays
// within its size budget.
import init from "./callkit_invite.js";

await init();

export * from "./callkit_invite.js";
export { default } from "./callkit_invite.js";
