/**
 * Query limits (§3.2), validated when constructed so a bad configuration fails at boot.
 * Checked in their own stage, apart from binding (AspNetCoreOData's ODataValidationSettings).
 */
export interface QueryLimitsInit {
  /** Max `$filter` length in characters after decoding. */
  readonly maxFilterLength: number;
  /** Max nodes in the `$filter` syntax tree. */
  readonly maxNodeCount: number;
  /** Max nesting depth of `$filter` (parentheses, not, and/or chains). */
  readonly maxDepth: number;
  readonly maxOrderByItems: number;
  readonly maxTop: number;
  /**
   * `$skip` is an OFFSET: the store walks every skipped row, on the event loop. Deep paging
   * goes through next links (keyset) instead, so the default keeps skips short.
   */
  readonly maxSkip: number;
  /** Server page size; never above {@link QueryLimits.ABSOLUTE_MAX_PAGE_SIZE}. */
  readonly maxPageSize: number;
  /** Related rows one `$expand` may bring for one page (beyond it: 400, never a silent cut). */
  readonly maxExpandRows: number;
}

export class QueryLimits implements QueryLimitsInit {
  /**
   * Design §3.2 says 2000; issue 3 measures bulk feed reads at pages of 5000 (the issue wins).
   * The default stays 1000.
   */
  static readonly ABSOLUTE_MAX_PAGE_SIZE = 5000;
  static readonly DEFAULTS: QueryLimitsInit = {
    maxFilterLength: 8192,
    maxNodeCount: 100,
    maxDepth: 32,
    maxOrderByItems: 8,
    maxTop: 10_000_000,
    maxSkip: 100_000,
    maxPageSize: 1000,
    maxExpandRows: 10_000,
  };

  readonly maxFilterLength: number;
  readonly maxNodeCount: number;
  readonly maxDepth: number;
  readonly maxOrderByItems: number;
  readonly maxTop: number;
  readonly maxSkip: number;
  readonly maxPageSize: number;
  readonly maxExpandRows: number;

  constructor(init: Partial<QueryLimitsInit> = {}) {
    const merged = { ...QueryLimits.DEFAULTS, ...init };
    for (const [name, value] of Object.entries(merged)) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(`query limit ${name} must be a positive integer, got ${String(value)}`);
      }
    }
    if (merged.maxPageSize > QueryLimits.ABSOLUTE_MAX_PAGE_SIZE) {
      throw new RangeError(`query limit maxPageSize must be at most ${QueryLimits.ABSOLUTE_MAX_PAGE_SIZE}`);
    }
    this.maxFilterLength = merged.maxFilterLength;
    this.maxNodeCount = merged.maxNodeCount;
    this.maxDepth = merged.maxDepth;
    this.maxOrderByItems = merged.maxOrderByItems;
    this.maxTop = merged.maxTop;
    this.maxSkip = merged.maxSkip;
    this.maxPageSize = merged.maxPageSize;
    this.maxExpandRows = merged.maxExpandRows;
  }
}
