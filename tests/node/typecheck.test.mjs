// The package's TypeScript declarations: the typed example app (root tsconfig.json) checks
// under --strict, incumbent-style code checks too, and every export carries JSDoc.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { CallKit, ROOT, PKG } from "./support.mjs";

const glue = await import(path.join(PKG, "callkit_invite.js"));

// The latest TypeScript, by path: typescript5 installs a `tsc` bin too (see scripts/test.sh).
const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
const haveTsc = fs.existsSync(tsc);

function typecheck(project) {
  try {
    execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "-p", project], { cwd: ROOT, encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (e) {
    return `${e.stdout ?? ""}${e.stderr ?? ""}` || String(e);
  }
}

// The typed example app itself (tsconfig.json) is checked by scripts/test.sh's typecheck layer;
// set CALLKIT_TYPECHECK=1 to check it here as well.
test("the typed example app type-checks with tsc --strict (tsconfig.json)", { skip: (!haveTsc && "no node_modules/typescript") || (!process.env.CALLKIT_TYPECHECK && "checked by the typecheck layer of scripts/test.sh; CALLKIT_TYPECHECK=1 to run here") }, () => {
  assert.equal(typecheck("tsconfig.json"), "");
});



test("every export of the declarations, and every CallKit method, carries JSDoc", () => {
  const dts = fs.readFileSync(path.join(PKG, "callkit_invite.d.ts"), "utf8");
  const lines = dts.split("\n");
  // wasm-bindgen's own glue types, not part of the API.
  const glue = new Set(["InitInput", "InitOutput", "SyncInitInput"]);
  const missing = [];
  const documented = (i) => {
    let j = i - 1;
    while (j >= 0 && lines[j].trim() === "") j--;
    return j >= 0 && lines[j].trim().endsWith("*/");
  };
  let inClass = false;
  lines.forEach((line, i) => {
    const exp = line.match(/^export (?:declare )?(?:default )?(?:interface|type|class|function|const) +([A-Za-z_$][\w$]*)/);
    if (exp) {
      inClass = line.startsWith("export class CallKit");
      if (!glue.has(exp[1]) && !documented(i)) missing.push(exp[1]);
      return;
    }
    if (line.startsWith("}")) inClass = false;
    const member = inClass && line.match(/^ {4}(?:static )?(?:readonly )?([A-Za-z_$][\w$]*)\s*[(:]/);
    if (member && !["free", "constructor"].includes(member[1]) && !documented(i)) missing.push(`CallKit.${member[1]}`);
  });
  for (const name of ["ZegoUser", "ZegoCallInvitationConfig", "ZegoCloudRoomConfig", "CallingInvitationListConfig", "CallKit"]) {
    assert.match(dts, new RegExp(`export (interface|class) ${name}\\b`), name);
  }
  assert.deepEqual(missing, []);
});

/** The members the hand-written declaration of `CallKit` (src/web/types_kit.rs) declares. */
function declaredMembers() {
  const dts = fs.readFileSync(path.join(PKG, "callkit_invite.d.ts"), "utf8");
  const body = dts.slice(dts.indexOf("export class CallKit {"), dts.indexOf("\n}", dts.indexOf("export class CallKit {")));
  const statics = new Set();
  const methods = new Set();
  for (const m of body.matchAll(/^ {4}(static )?(?:readonly )?([A-Za-z_$][\w$]*)\s*[(:]/gm)) {
    if (m[2] === "constructor") continue;
    (m[1] ? statics : methods).add(m[2]);
  }
  return { statics: [...statics].sort(), methods: [...methods].sort() };
}

test("the declaration of CallKit declares what the class has at runtime, no more and no less", () => {
  // wasm-bindgen's own: `__wrap` (static) and `__destroy_into_raw` are internal; `free` is declared.
  const statics = Object.getOwnPropertyNames(CallKit).filter((n) => !["length", "name", "prototype", "__wrap"].includes(n) && !n.startsWith("__"));
  const methods = Object.getOwnPropertyNames(CallKit.prototype).filter((n) => n !== "constructor" && !n.startsWith("__"));
  assert.deepEqual(declaredMembers(), { statics: statics.sort(), methods: methods.sort() });
  assert.ok(declaredMembers().statics.includes("generateKitTokenForProduction"));
});

test("the declarations have no Symbol.dispose (it would need the esnext.disposable lib)", () => {
  const dts = fs.readFileSync(path.join(PKG, "callkit_invite.d.ts"), "utf8");
  assert.doesNotMatch(dts, /Symbol\.dispose/);
  // wasm-bindgen's loader declarations are still there.
  for (const name of ["export type InitInput", "export interface InitOutput", "export type SyncInitInput", "export function initSync", "export default function __wbg_init"]) {
    assert.ok(dts.includes(name), name);
  }
});

test("the runtime values the declarations promise: ZegoInvitationType and ZegoUIKitLanguage, frozen, as TypeScript enums", () => {
  const { ZegoInvitationType, ZegoUIKitLanguage } = glue;
  assert.deepEqual({ ...ZegoInvitationType }, { VoiceCall: 0, VideoCall: 1, 0: "VoiceCall", 1: "VideoCall" });
  assert.deepEqual({ ...ZegoUIKitLanguage }, { CHS: "zh-CN", ENGLISH: "en-US" });
  assert.ok(Object.isFrozen(ZegoInvitationType) && Object.isFrozen(ZegoUIKitLanguage));
  assert.equal(CallKit.InvitationTypeVoiceCall, ZegoInvitationType.VoiceCall);
  assert.equal(CallKit.InvitationTypeVideoCall, ZegoInvitationType.VideoCall);
  // Every value export of the module is declared as a value.
  const dts = fs.readFileSync(path.join(PKG, "callkit_invite.d.ts"), "utf8");
  for (const name of Object.keys(glue)) {
    if (name === "default") continue;
    assert.match(dts, new RegExp(`export (declare )?(class|enum|function|const) ${name}\\b`), name);
  }
});
