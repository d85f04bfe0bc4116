/**
 * Character error rate: edit distance (insertions, deletions, substitutions, per code point) between
 * what OCR read and the source text, over the source's length. Whitespace runs count as one space
 * and direction marks are ignored — neither is something a reader sees.
 */
export function charErrorRate(recognised: string, source: string): number {
  const norm = (s: string) => [...s.replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim()];
  const a = norm(recognised);
  const b = norm(source);
  if (b.length === 0) return a.length === 0 ? 0 : 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]! / b.length;
}
