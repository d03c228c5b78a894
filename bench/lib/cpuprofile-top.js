// Summarises a V8 .cpuprofile (from `--cpu-prof`): the functions with the most self time, and the
// most inclusive time (time on the stack), in ms and % of the sampled time.
//   node bench/lib/cpuprofile-top.js .bench-data/partitions/profiles/CPU.*.cpuprofile [count] [--filter text]
'use strict';
const { readFileSync } = require('node:fs');
const { relative } = require('node:path');

const args = process.argv.slice(2);
const filterAt = args.indexOf('--filter');
const filter = filterAt >= 0 ? args.splice(filterAt, 2)[1] : undefined;
const [file, countText] = args;
if (!file) {
  process.stderr.write('usage: node bench/lib/cpuprofile-top.js FILE [count] [--filter text]\n');
  process.exit(2);
}
const count = Number(countText ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: the deltas (µs) attributed to the sample's node.
const selfUs = new Map();
let totalUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  totalUs += dt;
}
const keyOf = (n) => {
  const f = n.callFrame;
  const url = f.url ? relative(process.cwd(), f.url.replace(/^file:\/\//, '')) : '';
  return `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
};
const self = new Map();
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const node = nodes.get(id);
  self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = keyOf(nodes.get(at));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
const show = (title, map) => {
  const rows = [...map].filter(([k]) => !filter || k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, count);
  process.stdout.write(`\n${title} (of ${(totalUs / 1000).toFixed(0)} ms sampled)\n`);
  for (const [key, us] of rows) process.stdout.write(`${(us / 1000).toFixed(0).padStart(9)} ms ${((us / totalUs) * 100).toFixed(1).padStart(5)} %  ${key}\n`);
};
show('self time', self);
show('inclusive time', inclusive);
