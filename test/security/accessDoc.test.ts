import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessDoc } from '../../scripts/accessDoc';

describe('docs/ACCESS.md', () => {
  it('says exactly what the contract says (regenerate: npx tsx scripts/accessDoc.ts > docs/ACCESS.md)', () => {
    expect(readFileSync('docs/ACCESS.md', 'utf8')).toBe(accessDoc());
  });
});
