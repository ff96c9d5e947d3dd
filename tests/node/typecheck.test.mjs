// The package's TypeScript declarations: the typed example app (root tsconfig.json) checks
// under --strict, incumbent-style code checks too, and every export carries JSDoc.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ROOT, PKG } from "./support.mjs";

const tsc = path.join(ROOT, "node_modules/.bin/tsc");
const haveTsc = fs.existsSync(tsc);

function typecheck(project) {
  try {
    execFileSync(tsc, ["--strict", "--noEmit", "-p", project], { cwd: ROOT, encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (e) {
    return `${e.stdout ?? ""}${e.stderr ?? ""}` || String(e);
  }
}

// The typed example app itself (tsconfig.json) is checked by scripts/test.sh's typecheck layer;
// set CALLKIT_TYPECHECK=1 to check it here as well.
test("the typed example app type-checks with tsc --strict (tsconfig.json)", { skip: (!haveTsc && "no node_modules/.bin/tsc") || (!process.env.CALLKIT_TYPECHECK && "checked by the typecheck layer of scripts/test.sh; CALLKIT_TYPECHECK=1 to run here") }, () => {
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
