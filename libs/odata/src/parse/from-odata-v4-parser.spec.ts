import type { SyntaxExpr } from '../ast/syntax';
import { ODataErrorCode, ODataLimitError, ODataSyntaxError } from '../errors/odata-errors';
import { catchError } from '../testing/catch-error';
import { parseFilter } from './from-odata-v4-parser';

/** Compact rendering of a syntax tree, so expectations stay readable. */
function show(e: SyntaxExpr): string {
  switch (e.kind) {
    case 'logical':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'not':
      return `not ${show(e.operand)}`;
    case 'compare':
      return `[${show(e.left)} ${e.op} ${show(e.right)}]`;
    case 'member':
      return e.path.join('/');
    case 'literal':
      return `${e.literalKind}:${e.text}`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(',')})`;
    case 'unsupported':
      return `!${e.op}{${(e.operands ?? []).map(show).join(',')}}`;
  }
}

describe(parseFilter.name, () => {
  const sut = (text: string) => show(parseFilter(text));

  it.each([
    ["Name eq 'Sam'", '[Name eq String:Sam]'],
    ['A ne 1', '[A ne Integer:1]'],
    ['A gt -5', '[A gt Integer:-5]'],
    ['A ge 1.5', '[A ge Decimal:1.5]'],
    ['A lt 1.5e10', '[A lt Double:1.5e10]'],
    ['A le 9007199254740993', '[A le Integer:9007199254740993]'],
    ['A eq null', '[A eq null:null]'],
    ['A eq true', '[A eq Boolean:true]'],
    ['A eq 2020-01-01', '[A eq Date:2020-01-01]'],
    ['A eq 2020-01-01T00:00:00+02:00', '[A eq DateTimeOffset:2020-01-01T00:00:00+02:00]'],
    ['A eq 01234567-89ab-cdef-0123-456789abcdef', '[A eq Guid:01234567-89ab-cdef-0123-456789abcdef]'],
    ['A eq 12:00:00', '[A eq TimeOfDay:12:00:00]'],
    ["A eq duration'P1D'", "[A eq Duration:duration'P1D']"],
    ['1 eq A', '[Integer:1 eq A]'],
    ['A eq (1)', '[A eq Integer:1]'],
  ])('reads %s', (text, tree) => {
    expect(sut(text)).toBe(tree);
  });

  it.each([
    ["A eq 'O''Brien'", "O'Brien"],
    ["A eq ''''", "'"],
    ["A eq ''", ''],
    ["A eq 'a%20b'", 'a%20b'],
    ["A eq '/#?%&+'", '/#?%&+'],
    ["A eq 'é€😀'", 'é€😀'],
    ["A eq ' and B eq 1'", ' and B eq 1'],
    ["A eq '(x)'", '(x)'],
  ])('decodes the string literal in %s', (text, value) => {
    expect(parseFilter(text)).toMatchObject({ right: { kind: 'literal', literalKind: 'String', text: value } });
  });

  describe('operator precedence (not > and > or), fixing the parser', () => {
    it.each([
      ['A eq 1 or B eq 2 and C eq 3', '([A eq Integer:1] or ([B eq Integer:2] and [C eq Integer:3]))'],
      ['A eq 1 and B eq 2 or C eq 3', '(([A eq Integer:1] and [B eq Integer:2]) or [C eq Integer:3])'],
      ['A eq 1 and B eq 2 and C eq 3', '(([A eq Integer:1] and [B eq Integer:2]) and [C eq Integer:3])'],
      ['not A eq 1 and B eq 2', '(not [A eq Integer:1] and [B eq Integer:2])'],
      ['A eq 1 and not B eq 2 or C eq 3', '(([A eq Integer:1] and not [B eq Integer:2]) or [C eq Integer:3])'],
      ['not (A eq 1 and B eq 2)', 'not ([A eq Integer:1] and [B eq Integer:2])'],
      ['not not A', 'not not A'],
      ['not(A eq 1)', 'not [A eq Integer:1]'],
      ['(A eq 1 or B eq 2) and C eq 3', '(([A eq Integer:1] or [B eq Integer:2]) and [C eq Integer:3])'],
    ])('%s', (text, tree) => {
      expect(sut(text)).toBe(tree);
    });
  });

  it.each([
    ["startswith(City,'B')", "startswith(City,String:B)"],
    ["startswith(City,'B') eq false", '[startswith(City,String:B) eq Boolean:false]'],
    ["not startswith(City,'B')", 'not startswith(City,String:B)'],
    ["contains(Email,'x')", 'contains(Email,String:x)'],
    ["endswith(Email,'x') eq true", '[endswith(Email,String:x) eq Boolean:true]'],
    ["tolower(City) eq 'b'", '[tolower(City) eq String:b]'],
    ['length(City) gt 3', '[length(City) gt Integer:3]'],
    ['year(CreatedOn) eq 2020', '[year(CreatedOn) eq Integer:2020]'],
    ['isof(A,Edm.String)', 'isof(A)'],
    ["cast(A,Edm.String) eq 'x'", '[cast() eq String:x]'],
    ["matchespattern(A,'^x')", 'matchespattern()'],
  ])('reads the call %s', (text, tree) => {
    expect(sut(text)).toBe(tree);
  });

  it.each([
    ['City add 1 eq 2', '[!add{City,Integer:1} eq Integer:2]'],
    ['-A eq 1', '[!negate{A} eq Integer:1]'],
    ["A has Ns.Color'Red'", '!has{A}'],
    ['Tags/any(t:t eq 1)', '!lambda{Tags}'],
    ['Tags/all(t:true)', '!lambda{Tags}'],
    ['Orders/$count eq 1', '[!navigation{Orders} eq Integer:1]'],
    ['A eq @p', '[A eq !alias{}]'],
    ['A/B eq 1', '[A/B eq Integer:1]'],
    ['$it/A eq 1', '[A eq Integer:1]'],
  ])('marks %s as unsupported (or a path)', (text, tree) => {
    expect(sut(text)).toBe(tree);
  });

  it('trims surrounding whitespace', () => {
    expect(sut('  A eq 1 ')).toBe('[A eq Integer:1]');
  });

  it.each([
    ['A eq', 1],
    ['A eq 1 and', 6],
    ["A eq 'x", 5],
    ['A eq 1e10', 6],
    ['A in (1,2)', 1],
    ['A EQ 1', 1],
    ["A eq 'x'y", 1], // the parser backtracks to the comparison
    ['A eq 1)', 6],
  ])('rejects %s with ODATA_SYNTAX at the decoded position %d', (text, position) => {
    const error = catchError(() => parseFilter(text));
    expect(error).toBeInstanceOf(ODataSyntaxError);
    expect(error).toMatchObject({ code: ODataErrorCode.Syntax, target: '$filter' });
    expect((error as Error).message).toContain(`position ${position}`);
  });

  it('reports positions in the decoded text even after multi-byte characters', () => {
    // 'é€' is re-encoded as 9 characters (%C3%A9%E2%82%AC) but is 2 in the decoded text.
    const error = catchError(() => parseFilter("A eq 'é€' and"));
    expect((error as Error).message).toContain('position 9');
  });

  it.each(['', '   '])('rejects the empty filter %j', (text) => {
    expect(catchError(() => parseFilter(text))).toMatchObject({ code: ODataErrorCode.Syntax });
  });

  it('does not read a decoded %20 outside a literal as a space (no double decoding)', () => {
    expect(catchError(() => parseFilter('A%20eq%201'))).toMatchObject({ code: ODataErrorCode.Syntax });
  });

  it.each(['foo(A)', "Name eq substringof('x',Name)", 'StartsWith(A,1)', 'Ns.Func(A) eq 1'])(
    'rejects the non-canonical function in %s with ODATA_UNKNOWN_FUNCTION',
    (text) => {
      const error = catchError(() => parseFilter(text));
      expect(error).toBeInstanceOf(ODataSyntaxError);
      expect(error).toMatchObject({ code: ODataErrorCode.UnknownFunction });
    },
  );

  it('names the unknown function as the target', () => {
    expect(catchError(() => parseFilter("foo(Name) eq 'x'"))).toMatchObject({ target: 'foo' });
  });

  it('rejects startswith with a wrong number of arguments', () => {
    expect(catchError(() => parseFilter("startswith(A,'x','y')"))).toMatchObject({ code: ODataErrorCode.Syntax });
  });

  it('turns a stack overflow on hostile input into a limit error', () => {
    const error = catchError(() => parseFilter(`${'-'.repeat(20000)}A eq 1`));
    expect(error).toBeInstanceOf(ODataLimitError);
  });
});
