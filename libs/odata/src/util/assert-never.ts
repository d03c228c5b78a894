/**
 * Exhaustiveness guard for `switch (node.kind)`: adding a kind to a union without
 * handling it becomes a compile error here instead of a silent fall-through.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
