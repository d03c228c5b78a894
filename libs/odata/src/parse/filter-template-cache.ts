import type { SyntaxExpr } from '../ast/syntax';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /^\uE000(\d+)\uE001$/;
/** Characters that make a quote the start of a typed literal (`duration'P1D'`), left as they are. */
const PREFIX_CHAR = /[A-Za-z0-9_.]/;

export interface MaskedFilter {
  /** The filter with every plain string literal's content replaced by a numbered placeholder. */
  readonly template: string;
  /** The literals' decoded contents (`''` → `'`), by placeholder number. */
  readonly literals: readonly string[];
}

/**
 * `CustomerId eq 'C-1'` and `CustomerId eq 'C-2'` have the same shape: the parser
 * (the slowest stage, ~40 µs) runs once per shape and string values are substituted
 * into a copy of the cached tree. Returns undefined for text it cannot mask safely
 * (an unterminated literal, or text holding the placeholder characters): such
 * filters are parsed directly, and so report their errors with exact positions.
 */
export function maskStringLiterals(text: string): MaskedFilter | undefined {
  if (text.includes(OPEN) || text.includes(CLOSE)) return undefined;
  let template = '';
  const literals: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "'") {
      template += text[i++];
      continue;
    }
    let j = i + 1;
    let content = '';
    for (;;) {
      if (j >= text.length) return undefined;
      if (text[j] === "'") {
        if (text[j + 1] !== "'") break;
        content += "'";
        j += 2;
        continue;
      }
      content += text[j++];
    }
    if (i > 0 && PREFIX_CHAR.test(text[i - 1])) {
      template += text.slice(i, j + 1);
    } else {
      template += `'${OPEN}${literals.length}${CLOSE}'`;
      literals.push(content);
    }
    i = j + 1;
  }
  return { template, literals };
}

/**
 * Puts the literals back into a tree parsed from a template. Undefined when the tree
 * holds an unsupported construct: those carry source text in their messages, so the
 * caller parses the original text instead.
 */
export function fillTemplate(expr: SyntaxExpr, literals: readonly string[]): SyntaxExpr | undefined {
  switch (expr.kind) {
    case 'literal': {
      const slot = expr.literalKind === 'String' ? PLACEHOLDER.exec(expr.text) : null;
      return slot ? { ...expr, text: literals[Number(slot[1])] } : expr;
    }
    case 'member':
      return expr;
    case 'not': {
      const operand = fillTemplate(expr.operand, literals);
      return operand && { ...expr, operand };
    }
    case 'logical':
    case 'compare': {
      const left = fillTemplate(expr.left, literals);
      const right = left && fillTemplate(expr.right, literals);
      return right && left && { ...expr, left, right };
    }
    case 'call': {
      const args = expr.args.map((a) => fillTemplate(a, literals));
      return args.every((a): a is SyntaxExpr => a !== undefined) ? { ...expr, args } : undefined;
    }
    case 'unsupported':
      return undefined;
  }
}

/** A small LRU of parsed filter shapes. */
export class FilterTemplateCache {
  private readonly entries = new Map<string, SyntaxExpr>();

  constructor(private readonly capacity = 1000) {}

  parse(text: string, parse: (text: string) => SyntaxExpr): SyntaxExpr {
    const masked = maskStringLiterals(text);
    if (!masked) return parse(text);
    let tree = this.entries.get(masked.template);
    if (tree) {
      this.entries.delete(masked.template);
    } else {
      try {
        tree = parse(masked.template);
      } catch {
        return parse(text);
      }
    }
    this.entries.set(masked.template, tree);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return fillTemplate(tree, masked.literals) ?? parse(text);
  }
}
