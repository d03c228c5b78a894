/**
 * EDM-safe identifiers for entity sets and types (§4): invalid characters become `_`,
 * a leading digit gets a `_` prefix, and collisions get `_2`, `_3`… in entity order.
 * The map is both ways, so a feed URL resolves back to the entity it names.
 */
export class EdmNames {
  private readonly toEdm = new Map<string, string>();
  private readonly fromEdm = new Map<string, string>();

  constructor(names: readonly string[]) {
    for (const name of names) {
      const base = safeIdentifier(name);
      let candidate = base;
      for (let n = 2; this.fromEdm.has(candidate); n++) candidate = `${base}_${n}`;
      this.toEdm.set(name, candidate);
      this.fromEdm.set(candidate, name);
    }
  }

  edm(name: string): string {
    const edm = this.toEdm.get(name);
    if (edm === undefined) throw new Error(`no EDM name for ${name}`);
    return edm;
  }

  /** The original name an EDM identifier stands for, if any. */
  original(edm: string): string | undefined {
    return this.fromEdm.get(edm);
  }
}

/** OData SimpleIdentifier: a letter or underscore, then letters, digits or underscores (≤ 128). */
export function safeIdentifier(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 127);
  return /^[A-Za-z_]/.test(replaced) ? replaced : `_${replaced}`;
}
