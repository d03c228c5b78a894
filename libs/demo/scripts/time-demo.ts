/**
 * Times demo generation at gateway scale (not a test):
 *   npx ts-node -r tsconfig-paths/register --transpile-only libs/demo/scripts/time-demo.ts [customers]
 * Every row is produced and its cells touched; nothing is stored.
 */
import { generateDemoData } from '@app/demo';

const customers = Number(process.argv[2] ?? 1_000_000);
const data = generateDemoData({ customers });

const countStart = process.hrtime.bigint();
const expected = data.entities.map((e) => e.rowCount);
console.log(`row counts (counting pass ${ms(countStart)} ms): ${expected.join(', ')}`);

let totalRows = 0;
let totalMs = 0;
for (const entity of data.entities) {
  const start = process.hrtime.bigint();
  let rows = 0;
  let cells = 0;
  for (const row of entity.rows()) {
    rows++;
    cells += row.length;
  }
  const took = ms(start);
  totalRows += rows;
  totalMs += took;
  console.log(
    `${entity.name.padEnd(17)} ${String(rows).padStart(9)} rows ${String(took).padStart(6)} ms ` +
      `${rate(rows, took).padStart(10)} rows/s (${cells} cells)`,
  );
}
console.log(
  `${'total'.padEnd(17)} ${String(totalRows).padStart(9)} rows ${String(totalMs).padStart(6)} ms ` +
    `${rate(totalRows, totalMs).padStart(10)} rows/s`,
);

function ms(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e6);
}

function rate(rows: number, took: number): string {
  return Math.round((rows * 1000) / Math.max(took, 1)).toLocaleString('en-US');
}
