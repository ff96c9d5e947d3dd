// `callkit-invite` in browsers and bundlers: the kit, initialised on import. The top-level
// await fetches and compiles callkit_invite_bg.wasm (next to the glue, found through
// `new URL(…, import.meta.url)`, which bundlers turn into an asset) before the importer runs.
// `init` stays exported: calling it again resolves at once.
import init from "./manual.js";

await init();

export * from "./manual.js";
export { default } from "./manual.js";
