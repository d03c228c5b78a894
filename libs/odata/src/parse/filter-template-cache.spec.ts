import fc from 'fast-check';
import { parseFilter } from './from-odata-v4-parser';
import { FilterTemplateCache, maskStringLiterals } from './filter-template-cache';

function outcome(run: () => unknown): unknown {
  try {
    return { ok: run() };
  } catch (error) {
    return { error: error instanceof Error ? [error.constructor.name, error.message] : String(error) };
  }
}

describe(FilterTemplateCache.name, () => {
  it('masks plain string literals and leaves typed ones', () => {
    expect(maskStringLiterals("A eq 'x''y' and B eq duration'P1D' or C eq ''")).toEqual({
      template: "A eq '\uE0000\uE001' and B eq duration'P1D' or C eq '\uE0001\uE001'",
      literals: ["x'y", ''],
    });
    expect(maskStringLiterals("A eq 'open")).toBeUndefined();
    expect(maskStringLiterals("A eq '\uE000'")).toBeUndefined();
  });

  it('parses one shape once and fills in each query’s values', () => {
    const sut = new FilterTemplateCache();
    const parse = jest.fn(parseFilter);
    const first = sut.parse("CustomerId eq 'C-1'", parse);
    const second = sut.parse("CustomerId eq 'O''Brien'", parse);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(first).toEqual(parseFilter("CustomerId eq 'C-1'"));
    expect(second).toEqual(parseFilter("CustomerId eq 'O''Brien'"));
  });

  it('gives exactly what the parser gives, trees and errors, for arbitrary filters', () => {
    const sut = new FilterTemplateCache(50);
    const piece = fc.constantFrom(
      'A', 'B', ' eq ', ' ne ', ' gt ', ' and ', ' or ', 'not ', '(', ')', ',', "'x'", "'O''B'", "''", "'", 'null', '1', '2.5',
      'startswith(', 'contains(', "duration'P1D'", 'A add 1', '\uE000', ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 10 }), (parts) => {
        const text = parts.join('');
        expect(outcome(() => sut.parse(text, parseFilter))).toEqual(outcome(() => parseFilter(text)));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
