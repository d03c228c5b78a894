import type { SyntaxExpr } from '../ast/syntax';
import { syntaxChildren } from '../ast/syntax-walk';
import { ODataErrorCode, ODataLimitError } from '../errors/odata-errors';
import { skipLiteral } from '../parse/filter-encoding';
import type { QueryLimits } from './query-limits';

/**
 * `$filter` limits checked on the TEXT, before the parser runs: its length, the nesting
 * of parentheses outside string literals (a hostile `((((…` never reaches the recursive
 * parser) and a lower bound of the node count from the and/or/not words (the parser's
 * time grows with the square of the chain length).
 */
export function checkFilterText(text: string, limits: QueryLimits): void {
  if (text.length > limits.maxFilterLength) {
    throw limitError(`The $filter is ${text.length} characters long; the limit is ${limits.maxFilterLength}.`);
  }
  const depth = parenthesisDepth(text);
  if (depth > limits.maxDepth) {
    throw limitError(`The $filter nests parentheses ${depth} deep; the limit is ${limits.maxDepth}.`);
  }
  // Each and/or/not is one node and needs at least one more operand node.
  const minimumNodes = outsideLiterals(text).match(/\b(?:and|or|not)\b/g)?.length ?? 0;
  if (minimumNodes + 1 > limits.maxNodeCount) {
    throw limitError(`The $filter has more than ${limits.maxNodeCount} nodes (the limit).`);
  }
}

/** Limits checked on the parsed tree (AspNetCoreOData `MaxNodeCount`, recursion depth). */
export function checkFilterTree(expr: SyntaxExpr, limits: QueryLimits): void {
  const nodes = nodeCount(expr);
  if (nodes > limits.maxNodeCount) {
    throw limitError(`The $filter has ${nodes} nodes; the limit is ${limits.maxNodeCount}.`);
  }
  const depth = treeDepth(expr);
  if (depth > limits.maxDepth) {
    throw limitError(`The $filter nests ${depth} levels deep; the limit is ${limits.maxDepth}.`);
  }
}

function limitError(message: string): ODataLimitError {
  return new ODataLimitError(ODataErrorCode.LimitExceeded, message, '$filter');
}

/** The text with every string literal blanked out (`'…'` → `''`). */
function outsideLiterals(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "'") {
      out += text[i];
      continue;
    }
    const close = skipLiteral(text, i);
    if (close === undefined) break;
    out += "''";
    i = close;
  }
  return out;
}

/** Deepest parenthesis nesting outside `'…'` literals (an unterminated literal ends the scan). */
export function parenthesisDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const close = skipLiteral(text, i);
      if (close === undefined) break;
      i = close;
    } else if (c === '(') {
      max = Math.max(max, ++depth);
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return max;
}

export function nodeCount(expr: SyntaxExpr): number {
  return syntaxChildren(expr).reduce((sum, child) => sum + nodeCount(child), 1);
}

export function treeDepth(expr: SyntaxExpr): number {
  return syntaxChildren(expr).reduce((max, child) => Math.max(max, treeDepth(child)), 0) + 1;
}
