/** Types for bidi-js 1.1 (the package ships none): only what visualRuns.ts uses. */
declare module 'bidi-js' {
  export interface EmbeddingLevels {
    /** one resolved level per UTF-16 code unit; odd = right to left */
    readonly levels: Uint8Array;
    /** start/end inclusive */
    readonly paragraphs: readonly { readonly start: number; readonly end: number; readonly level: number }[];
  }
  export interface Bidi {
    getEmbeddingLevels(text: string, baseDirection?: 'ltr' | 'rtl'): EmbeddingLevels;
    /** every code-unit index of `text`, with those of text[start..end] (inclusive) put in visual order */
    getReorderedIndices(text: string, levels: EmbeddingLevels, start?: number, end?: number): number[];
    /** index → mirrored character, for the characters in a right-to-left run that have a mirror */
    getMirroredCharactersMap(text: string, levels: Uint8Array, start?: number, end?: number): Map<number, string>;
  }
  export default function bidiFactory(): Bidi;
}
