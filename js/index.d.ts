/**
 * `callkit-invite`: the kit, ready on import. In browsers and bundlers the module fetches and
 * compiles its wasm (top-level await) before your code runs; in Node it reads the wasm file
 * with `node:fs`. So `import { CallKit } from "callkit-invite"` is all an app needs.
 *
 * `init()` (the default export) and `initSync()` stay exported for code written for a manual
 * start: after the automatic one they resolve at once and change nothing. To load the wasm
 * yourself (another URL, bytes you already have), import `callkit-invite/manual` instead.
 *
 * @module
 */
export * from "./callkit_invite.js";
export { default } from "./callkit_invite.js";
