// Summaries and formatting shared by the benchmark parts.

/** n, median, p95 (nearest rank), min and max of `values`. */
export function summarize(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return { n: 0, median: NaN, p95: NaN, min: NaN, max: NaN };
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  const p95 = v[Math.min(v.length - 1, Math.ceil(0.95 * v.length) - 1)];
  return { n: v.length, median, p95, min: v[0], max: v[v.length - 1] };
}

/** `12.34 ms` (two decimals below 10 ms, one above). */
export const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(Math.abs(x) < 10 ? 2 : 1)} ms` : "n/a");

/** `1,234,567`. */
export const int = (x) => Math.round(x).toLocaleString("en-US");

/** `1,234 B (1.2 KiB)`. */
export const bytes = (x) => `${int(x)} B (${(x / 1024).toFixed(1)} KiB)`;

/** A signed byte delta: `+12.3 KiB`, `-1.0 KiB`. */
export const delta = (x) => `${x >= 0 ? "+" : "−"}${(Math.abs(x) / 1024).toFixed(1)} KiB`;

/** `median 1.23 ms, p95 2.34 ms`. */
export const medP95 = (s) => `median ${ms(s.median)}, p95 ${ms(s.p95)}`;

/** A plain-text table with aligned columns. */
export function textTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells) => cells.map((c, i) => String(c ?? "").padEnd(widths[i])).join(" | ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("-+-"), ...rows.map(line)].join("\n");
}

/** A Markdown table. */
export function mdTable(headers, rows) {
  const esc = (c) => String(c ?? "").replace(/\|/g, "\\|");
  return [
    `| ${headers.map(esc).join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}
