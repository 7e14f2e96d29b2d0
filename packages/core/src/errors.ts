/**
 * Thrown when a JavaScript value cannot be written without losing or changing it.
 * `path` locates the value inside a JSON document or array (`$`, `$.a[2]`), `type` is the
 * PostgreSQL type the value was meant for.
 */
export class PgExactValueError extends TypeError {
  override readonly name = 'PgExactValueError';
  readonly value: unknown;
  readonly path: string;
  readonly type: string;
  /** The message without the type and path decoration. */
  readonly reason: string;

  constructor(reason: string, details: { value: unknown; path?: string; type: string }) {
    const path = details.path ?? '$';
    super(`${details.type}: ${reason} (at ${path})`);
    this.reason = reason;
    this.value = details.value;
    this.path = path;
    this.type = details.type;
  }

  /** The same error located inside a container: `prefix` replaces the leading `$`. */
  within(prefix: string, type = this.type): PgExactValueError {
    return new PgExactValueError(this.reason, { value: this.value, path: prefix + this.path.slice(1), type });
  }
}

/** Renders a value for an error message without risking a throw or a huge string. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return `function ${value.name || '(anonymous)'}`;
    case 'undefined':
      return 'undefined';
    default:
      if (value === null) return 'null';
      return Object.prototype.toString.call(value);
  }
}
