import { Prng } from '../random/prng';
import { compilePattern, fillPattern } from './text-pattern';

describe(fillPattern.name, () => {
  const sut = (pattern: string, seed: number): string => {
    const prng = new Prng();
    prng.reseed(seed, 0, 0);
    return fillPattern(compilePattern(pattern), prng);
  };

  it.each([
    ['+31 6 #### ####', /^\+31 6 \d{4} \d{4}$/],
    ['M#@ #@#', /^M\d[A-Z] \d[A-Z]\d$/],
    ['1###-###', /^1\d{3}-\d{3}$/],
    ['no placeholders', /^no placeholders$/],
  ])('fills %s', (pattern, shape) => {
    for (let seed = 0; seed < 200; seed++) expect(sut(pattern, seed)).toMatch(shape);
  });

  it('keeps leading zeros of digit runs', () => {
    const values = Array.from({ length: 2000 }, (_, seed) => sut('###', seed));
    expect(values.every((v) => v.length === 3)).toBe(true);
    expect(values.some((v) => v.startsWith('0'))).toBe(true);
  });
});
