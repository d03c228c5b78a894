import { EdmNames, safeIdentifier } from './edm-names';

describe(EdmNames.name, () => {
  it('maps unsafe names, prefixes leading digits and numbers collisions in order', () => {
    const sut = new EdmNames(['Customer', 'web-visits', 'web.visits', '2024 Orders', 'web_visits']);
    expect(['Customer', 'web-visits', 'web.visits', '2024 Orders', 'web_visits'].map((n) => sut.edm(n))).toEqual([
      'Customer', 'web_visits', 'web_visits_2', '_2024_Orders', 'web_visits_3',
    ]);
    expect(sut.original('web_visits_2')).toBe('web.visits');
    expect(sut.original('nope')).toBeUndefined();
  });

  it('keeps safe identifiers as they are', () => {
    expect(safeIdentifier('Customer_Measure')).toBe('Customer_Measure');
    expect(safeIdentifier('_x')).toBe('_x');
  });
});
