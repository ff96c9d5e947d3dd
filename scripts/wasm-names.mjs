// Shortens the names the wasm and its JS glue share.
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` in a module called
// "./<crate>_bg.js", and exports closure shims under names such as
// `wasm_bindgen_<hash>___convert__closures_____invoke___...`. The hex digits do not compress:
// those names cost about 4 KB of the gzipped download. Both sides are rewritten here with the
// same short names (`a`, `b`, ..., `aa`, ...): the wasm's import and export sections, and the
// identifiers in the glue. `memory` and `__wbindgen_start` keep their names. Idempotent: a
// wasm whose imports already come from module "_" is left alone.
import fs from "node:fs";

const SHORT_MODULE = "_";
const KEEP = new Set(["memory", "__wbindgen_start"]);
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

function shortName(n) {
  let s = "";
  do {
    s = ALPHABET[n % ALPHABET.length] + s;
    n = Math.floor(n / ALPHABET.length) - 1;
  } while (n >= 0);
  return s;
}

function encodeU32(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function encodeName(s) {
  const bytes = Buffer.from(s, "utf8");
  return [...encodeU32(bytes.length), ...bytes];
}

class Reader {
  constructor(buf, pos) {
    this.buf = buf;
    this.pos = pos;
  }
  u32() {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = this.buf[this.pos++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return result >>> 0;
  }
  name() {
    const len = this.u32();
    const s = this.buf.toString("utf8", this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
  byte() {
    return this.buf[this.pos++];
  }
  // An import's description after its kind byte: func type index, table, memory or global.
  skipImportDesc(kind) {
    const limits = () => {
      const flags = this.byte();
      this.u32();
      if (flags & 1) this.u32();
    };
    if (kind === 0) this.u32();
    else if (kind === 1) { this.byte(); limits(); }
    else if (kind === 2) limits();
    else if (kind === 3) this.pos += 2;
    else if (kind === 4) { this.byte(); this.u32(); }
    else throw new Error(`unknown import kind ${kind}`);
  }
}

/** Rewrites `wasmFile` and `jsFile` in place; `moduleName` is the glue's import module name. */
export function shortenNames(wasmFile, jsFile, moduleName) {
  const buf = fs.readFileSync(wasmFile);
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmFile} is not a wasm module`);
  const names = new Map();
  const rename = (name) => {
    if (!names.has(name)) names.set(name, shortName(names.size));
    return names.get(name);
  };
  const parts = [buf.subarray(0, 8)];
  const r = new Reader(buf, 8);
  let done = false;
  while (r.pos < buf.length) {
    const headerStart = r.pos;
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    if (id === 2 || id === 7) {
      const count = r.u32();
      const body = [...encodeU32(count)];
      for (let i = 0; i < count; i++) {
        if (id === 2) {
          const module = r.name();
          const field = r.name();
          const kind = r.byte();
          const descStart = r.pos;
          r.skipImportDesc(kind);
          if (module === SHORT_MODULE) done = true;
          const ours = module === moduleName;
          body.push(...encodeName(ours ? SHORT_MODULE : module), ...encodeName(ours ? rename(field) : field));
          body.push(kind, ...buf.subarray(descStart, r.pos));
        } else {
          const name = r.name();
          const kind = r.byte();
          const descStart = r.pos;
          r.u32();
          body.push(...encodeName(KEEP.has(name) ? name : rename(name)), kind, ...buf.subarray(descStart, r.pos));
        }
      }
      if (r.pos !== end) throw new Error(`section ${id}: read ${r.pos - start} of ${size} bytes`);
      parts.push(Buffer.from([id, ...encodeU32(body.length)]), Buffer.from(body));
    } else {
      parts.push(buf.subarray(headerStart, end));
    }
    r.pos = end;
  }
  if (done) return { renamed: 0 };

  let js = fs.readFileSync(jsFile, "utf8");
  // Longest first, whole identifiers only, so no name is rewritten inside a longer one.
  for (const [long, short] of [...names].sort((a, b) => b[0].length - a[0].length)) {
    const escaped = long.replace(/[$]/g, "\\$");
    js = js.replace(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, "g"), short);
  }
  const quoted = JSON.stringify(moduleName);
  if (!js.includes(quoted)) throw new Error(`${jsFile} does not name the import module ${quoted}`);
  js = js.split(quoted).join(JSON.stringify(SHORT_MODULE));
  fs.writeFileSync(jsFile, js);
  fs.writeFileSync(wasmFile, Buffer.concat(parts));
  return { renamed: names.size };
}
