/** One cell of a demo row, typed per the attribute's EDM type (§2). */
export type DemoValue = string | number | bigint | boolean | null;

/**
 * One record as an array in the manifest's attribute order.
 * String, Guid → string; Int32, Double → number; Int64 → bigint; Boolean → boolean;
 * Date → `YYYY-MM-DD`; DateTimeOffset → `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC).
 */
export type DemoRow = readonly DemoValue[];

/** Half-open range of customer indexes `[from, to)`: rows of those customers only. */
export interface CustomerRange {
  readonly from: number;
  readonly to: number;
}
