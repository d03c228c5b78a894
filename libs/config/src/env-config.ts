import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** `@Transform(envInt)`: an integer written in an environment variable. */
export const envInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/** `@Transform(envBool)`: `true`/`1` and `false`/`0`; anything else is left for the validator to refuse. */
export const envBool = ({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

export class ConfigValidationError extends Error {}

/**
 * Reads the variables `type` declares (its initialised properties, plus `optional` ones without
 * a default) from `env`, and validates them once (§10): one line per bad variable. Apps call it
 * at boot; libraries receive the values, never `process.env`.
 */
export function loadEnvConfig<T extends object>(type: new () => T, env: Record<string, string | undefined>, optional: readonly string[] = []): T {
  const names = [...new Set([...Object.keys(new type()), ...optional])];
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const config = plainToInstance(type, picked);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    // In declaration order (inherited settings first), whatever order the validator found them in.
    errors.sort((a, b) => names.indexOf(a.property) - names.indexOf(b.property));
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(withoutPassword(picked[e.property]))}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigValidationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}

/** A URL's password never reaches a log, even in a setting that is wrong for another reason. */
function withoutPassword(value: string | undefined): string | undefined {
  return value?.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}
