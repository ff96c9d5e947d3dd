// `callkit-invite/manual`: the kit without initialisation, for apps that load the wasm
// themselves (`await init(urlOrBytes)`, `initSync({ module })`). Until then, the CallKit statics
// throw an Error with code "NOT_INITIALISED" that says what to do, instead of a TypeError from
// inside the generated glue. The main entries (index.js, node.js) initialise through here: one
// flag for the whole package.
import glueInit, { CallKit as Glue, initSync as glueInitSync } from "./callkit_invite.js";

/** The wasm's exports, once initialised. */
let output;

export * from "./callkit_invite.js";

export default async function init(input) {
  return (output = await glueInit(input));
}

export function initSync(input) {
  return (output = glueInitSync(input));
}

export const CallKit = new Proxy(Glue, {
  get(target, key) {
    // The statics (create, generateKitTokenForTest, getVersion, InvitationType*) run in the
    // wasm; `prototype` (instanceof), `name` and `length` do not.
    if (!output && Object.hasOwn(target, key) && !["prototype", "name", "length"].includes(key)) {
      throw Object.assign(new Error("callkit-invite is not initialised: await init() first"), { code: "NOT_INITIALISED" });
    }
    return Reflect.get(target, key);
  },
});
