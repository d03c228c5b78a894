import { accepts, acceptsFormat, wantsIeee754 } from './content-negotiation';

describe(accepts.name, () => {
  const powerQuery =
    'application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,' +
    'application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7';

  it.each([
    [undefined, true],
    ['', true],
    [powerQuery, true],
    ['application/json', true],
    ['application/*', true],
    ['*/*', true],
    ['text/html, */*;q=0.1', true],
    ['application/atom+xml', false],
    ['application/atom+xml, application/xml;q=0.9', false],
    ['application/json;q=0, */*', false],
    ['*/*;q=0', false],
  ])('JSON for Accept %j → %s', (header, expected) => {
    expect(accepts(header, 'application', 'json')).toBe(expected);
  });

  it('serves $metadata XML to XML and wildcard clients only', () => {
    expect(accepts(powerQuery, 'application', 'xml')).toBe(true);
    expect(accepts('application/json', 'application', 'xml')).toBe(false);
  });

  it('reads IEEE754Compatible from a media range', () => {
    expect(wantsIeee754('application/json;odata.metadata=minimal;IEEE754Compatible=true')).toBe(true);
    expect(wantsIeee754('application/json')).toBe(false);
    expect(wantsIeee754(undefined)).toBe(false);
  });
});

describe(acceptsFormat.name, () => {
  it('lets $format override Accept', () => {
    expect(acceptsFormat('application/atom+xml', 'json', 'application', 'json')).toBe(true);
    expect(acceptsFormat(undefined, 'application/json;odata.metadata=minimal', 'application', 'json')).toBe(true);
    expect(acceptsFormat('application/json', 'atom', 'application', 'json')).toBe(false);
    expect(acceptsFormat(undefined, 'xml', 'application', 'xml')).toBe(true);
    expect(acceptsFormat(undefined, undefined, 'application', 'json')).toBe(true);
  });
});
