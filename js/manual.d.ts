/**
 * `callkit-invite/manual`: the same API as `callkit-invite`, without the automatic start. Load
 * the wasm first, once:
 *
 * ```js
 * import init, { CallKit } from "callkit-invite/manual";
 * await init();                                             // fetches callkit_invite_bg.wasm next to the module
 * await init({ module_or_path: "/assets/callkit.wasm" });   // or from a URL, a Response, bytes or a WebAssembly.Module
 * initSync({ module: bytes });                              // or synchronously (Node, workers)
 * ```
 *
 * Until then, `CallKit.create`, `CallKit.generateKitTokenForTest`, `CallKit.getVersion` and
 * `CallKit.InvitationType*` throw an `Error` whose `code` is `"NOT_INITIALISED"`:
 * `callkit-invite is not initialised: await init() first`. Calling `init()` again resolves at
 * once. Both entries share one module instance: once either has started the wasm, both work.
 *
 * @module
 */
export * from "./callkit_invite.js";
export { default } from "./callkit_invite.js";
