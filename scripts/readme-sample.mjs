// The README's "Use" sample: the ```js block of README.md's "## Use" section. The npm README
// shows it (scripts/postbuild.mjs) and tests/e2e/readme.test.mjs runs it as written, so the
// code users paste is the code that is tested.

/** The first ```js block of the "## Use" section of `readme` (README.md's text). */
export function useSample(readme) {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Use\n"));
  const block = section && /^```js\n([\s\S]*?)^```$/m.exec(section);
  if (!block) throw new Error('README.md: no ```js block in the "## Use" section');
  return block[1];
}
