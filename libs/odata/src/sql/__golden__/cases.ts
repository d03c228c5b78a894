import type { EntityMetadata } from '../../metadata/entity-metadata';
import type { PageSpec } from '../compiler';
import { unifiedActivityEntity } from '../../testing/fixtures';

/**
 * Representative OData queries (raw query strings, encoded as clients send them) whose
 * compiled SQL is committed per dialect in `sqlite.sql` / `postgres.sql`, so any
 * compiler change shows up as an SQL diff in review (immich `server/src/queries`).
 * Regenerate with `npm run golden`.
 */
export interface GoldenCase {
  readonly name: string;
  readonly query: string;
  /** Default: Customer with every attribute filterable (rules are not the point here). */
  readonly entity?: EntityMetadata;
  /** Default: `{ limit: $top ?? 100, offset: $skip }`. */
  readonly page?: Partial<PageSpec>;
  readonly statement?: 'select' | 'count';
}

export const GOLDEN_CASES: readonly GoldenCase[] = [
  // Comparisons per type (§5.1.1.1.1-6)
  { name: 'string eq', query: "$select=CustomerId&$filter=Email eq 'ann@example.com'" },
  { name: 'string ne', query: "$select=CustomerId&$filter=City ne 'Berlin'" },
  { name: 'string gt', query: "$select=CustomerId&$filter=LastName gt 'M'" },
  { name: 'string range ge and lt', query: "$select=CustomerId&$filter=PostalCode ge '10000' and PostalCode lt '20000'" },
  { name: 'int32 le', query: '$select=CustomerId&$filter=LoyaltyPoints le 500' },
  { name: 'double gt', query: '$select=CustomerId&$filter=LifetimeValue gt 99.5' },
  { name: 'int64 beyond 2^53 eq', query: '$select=CustomerId&$filter=ExternalRef eq 9007199254740993' },
  { name: 'int64 negative lt', query: '$select=CustomerId&$filter=ExternalRef lt -9007199254740993' },
  { name: 'boolean eq false', query: '$select=CustomerId&$filter=IsActive eq false' },
  { name: 'bare boolean', query: '$select=CustomerId&$filter=IsActive' },
  { name: 'not bare boolean', query: '$select=CustomerId&$filter=not IsActive' },
  { name: 'date lt', query: '$select=CustomerId&$filter=BirthDate lt 1990-01-01' },
  { name: 'datetimeoffset with +02:00 offset', query: '$select=CustomerId&$filter=CreatedOn ge 2020-01-01T00:00:00%2B02:00' },
  { name: 'datetimeoffset 7 fraction digits', query: '$select=CustomerId&$filter=CreatedOn lt 2024-06-30T23:59:59.9999999Z' },
  { name: 'guid literal lowercased', query: '$select=CustomerId&$filter=ProfileGuid eq 0123ABCD-89AB-CDEF-0123-456789ABCDEF' },
  // null (§5.1.1.14.3 null; gt/ge/lt/le with null is false)
  { name: 'eq null', query: '$select=CustomerId&$filter=City eq null' },
  { name: 'ne null', query: '$select=CustomerId&$filter=City ne null' },
  { name: 'gt null', query: '$select=CustomerId&$filter=LoyaltyPoints gt null' },
  { name: 'not gt null', query: '$select=CustomerId&$filter=not (LoyaltyPoints gt null)' },
  // not, pushed down (§5.1.1.1.9)
  { name: 'not eq', query: "$select=CustomerId&$filter=not (City eq 'Berlin')" },
  { name: 'not ne', query: "$select=CustomerId&$filter=not (City ne 'Berlin')" },
  { name: 'not gt', query: '$select=CustomerId&$filter=not (LoyaltyPoints gt 100)' },
  { name: 'not startswith', query: "$select=CustomerId&$filter=not startswith(LastName,'Mc')" },
  { name: 'not and (De Morgan)', query: "$select=CustomerId&$filter=not (City eq 'Berlin' and LoyaltyPoints ge 100)" },
  { name: 'not or (De Morgan)', query: "$select=CustomerId&$filter=not (City eq 'Berlin' or Country eq 'DE')" },
  {
    name: 'nested and/or with parentheses',
    query: "$select=CustomerId&$filter=(City eq 'Berlin' or City eq 'Paris') and (LoyaltyTier eq 'Gold' or LoyaltyPoints gt 1000)",
  },
  { name: 'precedence not > and > or', query: "$select=CustomerId&$filter=City eq 'A' or City eq 'B' and not Country eq 'DE'" },
  // startswith (§5.1.1.5.6)
  { name: 'startswith plain', query: "$select=CustomerId&$filter=startswith(City,'Ber')" },
  { name: 'startswith percent', query: "$select=CustomerId&$filter=startswith(FirstName,'100%25')" },
  { name: 'startswith underscore', query: "$select=CustomerId&$filter=startswith(FirstName,'a_')" },
  { name: 'startswith backslash', query: "$select=CustomerId&$filter=startswith(FirstName,'C:%5Cdir')" },
  { name: 'startswith doubled quote', query: "$select=CustomerId&$filter=startswith(LastName,'O''B')" },
  { name: 'startswith non-ASCII', query: "$select=CustomerId&$filter=startswith(City,'%C3%89vry')" },
  { name: 'startswith empty prefix', query: "$select=CustomerId&$filter=startswith(City,'')" },
  { name: 'startswith eq false', query: "$select=CustomerId&$filter=startswith(City,'Ber') eq false" },
  // Literal on the left, constants, encodings
  { name: 'literal on the left flips', query: '$select=CustomerId&$filter=100 lt LoyaltyPoints' },
  { name: 'literal on the left eq', query: "$select=CustomerId&$filter='Berlin' eq City" },
  { name: 'constant true', query: '$select=CustomerId&$filter=true' },
  { name: 'plus is a space', query: "$select=CustomerId&$filter=City+eq+'New+York'" },
  { name: 'double-encoded percent stays literal', query: "$select=CustomerId&$filter=Email eq 'a%2520b'" },
  { name: 'reserved characters in a literal', query: "$select=CustomerId&$filter=Email eq 'a%2Fb%23c%3Fd%25e%26f'" },
  // $select, $orderby, paging
  { name: 'select in entity order, deduplicated', query: '$select=Email,CustomerId,City,Email' },
  { name: 'orderby mixed directions, key appended', query: '$select=CustomerId&$orderby=City desc,LoyaltyPoints asc' },
  { name: 'orderby on the key only', query: '$select=CustomerId&$orderby=CustomerId desc' },
  { name: 'top and skip', query: '$select=CustomerId&$top=5&$skip=10' },
  { name: 'keyset on the key', query: '$select=CustomerId', page: { limit: 100, after: ['C-10'] } },
  {
    name: 'keyset asc/desc non-null',
    query: '$select=CustomerId&$orderby=City desc,LoyaltyPoints',
    page: { limit: 100, after: ['Berlin', 10, 'C-10'] },
  },
  {
    name: 'keyset with nulls (desc null, asc null)',
    query: '$select=CustomerId&$orderby=City desc,LoyaltyPoints',
    page: { limit: 100, after: [null, null, 'C-3'] },
  },
  {
    name: 'keyset with a filter',
    query: "$select=CustomerId&$filter=Country eq 'DE' or Country eq 'FR'&$orderby=LoyaltyPoints desc",
    page: { limit: 100, after: [250, 'C-7'] },
  },
  {
    name: 'unified activity by customer, newest first',
    query: "$filter=CustomerId eq 'C-1'&$orderby=ActivityTime desc&$top=20",
    entity: unifiedActivityEntity,
  },
  // $count
  { name: 'count with filter', query: "$filter=Country eq 'DE'&$count=true", statement: 'count' },
  { name: 'count without filter', query: '$count=true', statement: 'count' },
];
