import type { Prng } from '../random/prng';

/**
 * A compiled `#`/`@` pattern (`+31 6 #### ####`, `M#@ #@#`): runs of digits are drawn as one
 * number and padded, so a phone number costs a handful of draws and concatenations, not one per character.
 */
export type TextPattern = readonly PatternPart[];

type PatternPart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'digits'; readonly width: number; readonly limit: number }
  | { readonly kind: 'letter' };

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function compilePattern(pattern: string): TextPattern {
  const parts: PatternPart[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    let j = i + 1;
    if (c === '#') {
      while (pattern[j] === '#') j++;
      parts.push({ kind: 'digits', width: j - i, limit: 10 ** (j - i) });
    } else if (c === '@') {
      parts.push({ kind: 'letter' });
    } else {
      while (j < pattern.length && pattern[j] !== '#' && pattern[j] !== '@') j++;
      parts.push({ kind: 'literal', text: pattern.slice(i, j) });
    }
    i = j;
  }
  return parts;
}

export function fillPattern(pattern: TextPattern, prng: Prng): string {
  let out = '';
  for (const part of pattern) {
    switch (part.kind) {
      case 'literal':
        out += part.text;
        break;
      case 'digits':
        out += String(prng.int(part.limit)).padStart(part.width, '0');
        break;
      case 'letter':
        out += LETTERS[prng.int(LETTERS.length)];
        break;
    }
  }
  return out;
}
