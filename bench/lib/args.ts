/**
 * The command line of the benchmarks (`npm run bench… -- --name value --flag`): `--name value`
 * or `--name=value` for the names in `values`, bare `--flag` for the names in `flags`; anything
 * else is an error naming it.
 */
export interface BenchArgs {
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
  /** An integer option (`_` separators allowed), `fallback` when absent, within [min, max]. */
  int(name: string, fallback: number, min: number, max?: number): number;
}

export function parseBenchArgs(argv: readonly string[], known: { readonly flags: readonly string[]; readonly values: readonly string[] }): BenchArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (known.flags.includes(name)) flags.add(name);
    else if (!known.values.includes(name)) throw new Error(`unknown option --${name}`);
    else if (inline !== undefined) values.set(name, inline);
    else if (i + 1 < argv.length) values.set(name, argv[++i]);
    else throw new Error(`--${name} needs a value`);
  }
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw.replace(/_/g, ''));
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer ${range}`);
    return n;
  };
  return { flags, values, int };
}
