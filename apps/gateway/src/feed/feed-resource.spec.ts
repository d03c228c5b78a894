import { ODataSyntaxError } from '@app/odata';
import { parseFeedResource } from './feed-resource';

describe(parseFeedResource.name, () => {
  it.each([
    ['Customer', { set: 'Customer' }],
    ["Customer('C-1')", { set: 'Customer', key: 'C-1' }],
    ["Customer(CustomerId='C-1')", { set: 'Customer', key: 'C-1', keyProperty: 'CustomerId' }],
    ["Customer('O''Brien')", { set: 'Customer', key: "O'Brien" }],
    ["Customer('a(b)=c')", { set: 'Customer', key: 'a(b)=c' }],
    ['Orders(42)', { set: 'Orders', key: '42' }],
  ])('reads %s', (segment, expected) => {
    expect(parseFeedResource(segment)).toEqual(expected);
  });

  it.each(["Customer('C-1'", 'Customer()', "Customer('a'b')", "Customer(CustomerId=)", 'Customer(a,b)'])('rejects %s', (segment) => {
    expect(() => parseFeedResource(segment)).toThrow(ODataSyntaxError);
  });
});
