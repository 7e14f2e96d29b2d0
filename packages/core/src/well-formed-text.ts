import { PgExactValueError } from './errors.js';

// Without the `u` flag a regex sees UTF-16 code units, so this finds unpaired halves.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Returns `text` when it is well-formed UTF-16; a lone surrogate throws a PgExactValueError naming
 * its position. Every driver encodes parameters as UTF-8, where a lone surrogate becomes U+FFFD:
 * the server would store a different string without a word.
 *
 * ```ts
 * checkWellFormed('a\ud800b', 'text'); // throws: text: string contains a lone surrogate U+D800 at index 1 …
 * ```
 */
export function checkWellFormed(text: string, type: string): string {
  // Node's native check (ES2024, in every supported Node) is about twice as fast as the regex on the
  // common case; the regex only locates the surrogate for the message.
  if ((text as unknown as { isWellFormed(): boolean }).isWellFormed()) return text;
  const lone = LONE_SURROGATE.exec(text);
  if (lone === null) return text;
  const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
  throw new PgExactValueError(
    `string contains a lone surrogate U+${unit} at index ${lone.index}, which UTF-8 cannot carry (it would be stored as U+FFFD)`,
    { value: text, type },
  );
}
