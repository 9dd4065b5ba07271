// HTML escaping for text and attribute values (the report embeds names and evidence from the run).
export function esc(value: unknown): string {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Colours of the strategies, by column index (colour-blind-safe palette). */
export const PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];

export function colorOf(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}
