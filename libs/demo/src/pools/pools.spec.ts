import { ACTIVITY_TYPES } from './activity-catalog';
import { emailSlug, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './person-names';
import { CITIES } from './places';

describe('demo pools', () => {
  it('has about 200 distinct first and 200 distinct last names', () => {
    const first = [...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES];
    expect(new Set(first).size).toBe(first.length);
    expect(first.length).toBeGreaterThanOrEqual(190);
    expect(new Set(LAST_NAMES).size).toBe(LAST_NAMES.length);
    expect(LAST_NAMES.length).toBeGreaterThanOrEqual(190);
    expect(LAST_NAMES).toEqual(expect.arrayContaining(["O'Brien", 'Müller']));
    expect(first).toEqual(expect.arrayContaining(['Zoë', 'José']));
  });

  it('turns every name into a non-empty ASCII e-mail slug', () => {
    for (const name of [...FEMALE_FIRST_NAMES, ...MALE_FIRST_NAMES, ...LAST_NAMES]) {
      expect(emailSlug(name)).toMatch(/^[a-z]+$/);
    }
    expect(emailSlug("O'Brien")).toBe('obrien');
    expect(emailSlug('Zoë')).toBe('zoe');
    expect(emailSlug('Groß')).toBe('gross');
    expect(emailSlug('van den Berg')).toBe('vandenberg');
  });

  it('has about 60 cities over about 15 countries, with unique names and store codes', () => {
    expect(CITIES.length).toBeGreaterThanOrEqual(55);
    expect(new Set(CITIES.map((c) => c.country.name)).size).toBeGreaterThanOrEqual(14);
    expect(new Set(CITIES.map((c) => c.name)).size).toBe(CITIES.length);
    expect(new Set(CITIES.map((c) => c.code)).size).toBe(CITIES.length);
  });

  it('gives every activity type names, titles and a source', () => {
    expect(ACTIVITY_TYPES.map((t) => t.type)).toEqual([
      'Purchase', 'WebVisit', 'EmailOpen', 'EmailClick', 'SupportCase', 'StoreVisit', 'Review', 'Return',
    ]);
    for (const t of ACTIVITY_TYPES) {
      expect(t.names.length).toBeGreaterThan(0);
      expect(t.titles.length).toBeGreaterThan(0);
    }
  });
});
