import { CDM_CSV } from '../partition-types';
import { encodeCsvRecord } from './csv-encode';

describe(encodeCsvRecord.name, () => {
  it('quotes only the fields that need it', () => {
    expect(encodeCsvRecord(['a', 'b c', 'x,y', 'say "hi"', 'l1\nl2', 'cr\r', ' lead', 'trail ', 'é😀'], CDM_CSV)).toBe(
      'a,b c,"x,y","say ""hi""","l1\nl2","cr\r"," lead","trail ",é😀',
    );
  });

  it('writes null as an empty field and the empty string as a quoted one', () => {
    expect(encodeCsvRecord([null, '', null], CDM_CSV)).toBe(',"",');
  });

  it('writes numbers, bigints and booleans', () => {
    expect(encodeCsvRecord([1.5, -0, 12345678901234567890n, true, false, 1e21], CDM_CSV)).toBe('1.5,0,12345678901234567890,true,false,1e+21');
    expect(() => encodeCsvRecord([NaN], CDM_CSV)).toThrow(RangeError);
    expect(() => encodeCsvRecord([Infinity], CDM_CSV)).toThrow(RangeError);
  });

  it('follows the format delimiter and quote', () => {
    expect(encodeCsvRecord(['a;b', "it's", 'x,y'], { hasHeader: false, delimiter: ';', quote: "'" })).toBe("'a;b';'it''s';x,y");
  });
});
