import { codecs, describeValue, PgExactValueError, serializeUntyped } from '@pg-exact/core';
import { Prisma } from '@prisma/client/extension';
import { tagJsonInput, tagsEmitted, untagResult } from './exact-markers.js';
import { EXACT_RAW_PREFIX } from './exact-raw-query.js';

interface RuntimeField {
  name: string;
  kind: string;
  type: string;
}
interface RuntimeDataModel {
  models: Record<string, { fields: RuntimeField[] }>;
}

/** A raw query as `$queryRaw` takes it: a template's strings, or a `Prisma.sql` fragment. */
interface SqlLike {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

/**
 * The Prisma client extension that completes {@link PrismaPgExact} and {@link PrismaPGliteExact}:
 * - Json fields (model queries, nested writes, `include`d relations, interactive and batch
 *   transactions) and `$queryRaw` results keep big integers and long decimals exactly: bigint and
 *   Decimal (@pg-exact/core) inside the Json value;
 * - a bigint or Decimal inside a Json write is stored as a JSON number (Prisma alone stores a
 *   string); NaN, ±Infinity, `undefined` in arrays, U+0000 and lone surrogates are refused with a
 *   PgExactValueError naming the field and path, before anything is sent;
 * - raw query parameters are written exactly (Decimal scale, Date/PreciseDate µs and infinities,
 *   -0/NaN/±Infinity, JSON objects with bigint inside, arrays as PostgreSQL arrays);
 * - `$queryRawExact` / `$queryRawUnsafeExact`: raw queries whose values are exactly what
 *   @pg-exact/core reads (timestamptz and timestamp as PreciseDate with µs, date as text, int8 as
 *   bigint, numeric as Decimal, lossless JSON): the exact path for what Prisma's DateTime cannot hold.
 *
 * ```ts
 * const prisma = new PrismaClient({ adapter: new PrismaPGliteExact() }).$extends(exactExtension());
 * await prisma.event.create({ data: { payload: { snowflake: 1234567890123456789012n } } }); // stored as a JSON number
 * const [row] = await prisma.$queryRawExact<{ at: PreciseDate }[]>`SELECT at FROM "Event" LIMIT 1`;
 * row.at.getMicroseconds(); // the µs Prisma's DateTime drops
 * ```
 */
export function exactExtension() {
  return Prisma.defineExtension((client) => {
    const dataModel = (client as unknown as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel;
    const fieldsByModel = new Map<string, Map<string, RuntimeField>>();
    const fieldsOf = (model: string) => {
      let fields = fieldsByModel.get(model);
      if (fields === undefined) {
        fields = new Map((dataModel?.models[model]?.fields ?? []).map((field) => [field.name, field]));
        fieldsByModel.set(model, fields);
      }
      return fields;
    };
    const encodeModelArgs = (args: unknown, model: string): unknown => visit(args, model, model, fieldsOf, true);
    // With the relationJoins preview Prisma loads relations as JSON built on the server even though the
    // adapters report no relation joins; there a Decimal field reaches Prisma's own parsing as a tagged
    // string and fails. `relationLoadStrategy: 'query'` loads them with queries of their own instead.
    const relationJoins = (client as unknown as { _previewFeatures?: readonly string[] })._previewFeatures?.includes('relationJoins') === true;
    const withQueryStrategy = (args: unknown, operation: string): unknown =>
      relationJoins && RELATION_LOAD_STRATEGY_OPERATIONS.has(operation) ? { ...(args as object), relationLoadStrategy: 'query' } : args;

    return client.$extends({
      name: '@pg-exact/prisma',
      query: {
        $allModels: {
          async $allOperations({ model, operation, args, query }) {
            return untagged(() => query(withQueryStrategy(encodeModelArgs(args, model), operation) as typeof args));
          },
        },
        async $queryRaw({ args, query }) {
          return untagged(() => query(encodeRawArgs(args) as typeof args));
        },
        async $executeRaw({ args, query }) {
          return query(encodeRawArgs(args) as typeof args);
        },
        // TypedSQL (`prisma generate --sql`): its Json results carry the same tags as $queryRaw's.
        async $queryRawTyped({ args, query }) {
          return untagged(() => query(encodeRawArgs(args) as typeof args));
        },
        async $queryRawUnsafe({ args, query }) {
          return untagged(() => query(encodeRawArgs(args) as typeof args));
        },
        async $executeRawUnsafe({ args, query }) {
          return query(encodeRawArgs(args) as typeof args);
        },
      },
      client: {
        /**
         * A tagged-template raw query whose values are exactly what @pg-exact/core reads:
         * PreciseDate (µs, ±infinity) for timestamptz/timestamp, ISO text for date, bigint for
         * int8, Decimal for numeric, lossless JSON, arrays of these. Parameters are written
         * exactly too (PreciseDate µs and infinities, Decimal scale…).
         */
        $queryRawExact<T = unknown>(query: TemplateStringsArray | SqlLike, ...values: unknown[]): Promise<T> {
          const sql = isSqlLike(query) ? query : { strings: query, values };
          return rawClient<T>(this).$queryRawUnsafe(EXACT_RAW_PREFIX + numbered(sql.strings), ...encodeRawValues(sql.values, 1));
        },
        /** {@link $queryRawExact} with SQL text and `$1`-style parameters. Never interpolate input into `sql`. */
        $queryRawUnsafeExact<T = unknown>(sql: string, ...values: unknown[]): Promise<T> {
          return rawClient<T>(this).$queryRawUnsafe(EXACT_RAW_PREFIX + sql, ...encodeRawValues(values, 1));
        },
        /**
         * `$executeRaw` with parameters written exactly, µs of a PreciseDate and its infinities
         * included (`$executeRaw` gets its Dates copied by Prisma as ms Dates first).
         */
        $executeRawExact(query: TemplateStringsArray | SqlLike, ...values: unknown[]): Promise<number> {
          const sql = isSqlLike(query) ? query : { strings: query, values };
          return rawClient<number>(this).$executeRawUnsafe(numbered(sql.strings), ...encodeRawValues(sql.values, 1));
        },
        /** {@link $executeRawExact} with SQL text and `$1`-style parameters. Never interpolate input into `sql`. */
        $executeRawUnsafeExact(sql: string, ...values: unknown[]): Promise<number> {
          return rawClient<number>(this).$executeRawUnsafe(sql, ...encodeRawValues(values, 1));
        },
      },
    });
  });
}

/**
 * The result of `run` (a query) with its tags restored; walked only when an adapter handed a tagged
 * value to Prisma while it ran (this query's, or a concurrent one's).
 */
async function untagged<T>(run: () => Promise<T>): Promise<T> {
  const tagsBefore = tagsEmitted();
  const result = await run();
  return tagsEmitted() === tagsBefore ? result : untagResult(result);
}

/** The operations that take `relationLoadStrategy` (with Prisma's relationJoins preview). */
const RELATION_LOAD_STRATEGY_OPERATIONS: ReadonlySet<string> = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'create',
  'update',
  'upsert',
  'delete',
]);

interface RawClient<T> {
  $queryRawUnsafe(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<T>;
}

function rawClient<T>(that: unknown): RawClient<T> {
  return Prisma.getExtensionContext(that) as unknown as RawClient<T>;
}

/** Template strings joined with `$1`, `$2`… placeholders. */
function numbered(strings: readonly string[]): string {
  return strings.reduce((text, part, i) => (i === 0 ? part : `${text}$${i}${part}`), '');
}

function isSqlLike(value: unknown): value is SqlLike {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as SqlLike).strings);
}

/**
 * Walks model-operation arguments (data, where, nested writes…): keys that are Json fields of the
 * current model get their value tagged; keys that are relations continue in the related model;
 * every other key (data, create, where, AND…) continues in the same model.
 */
function visit(
  value: unknown,
  model: string,
  path: string,
  fieldsOf: (model: string) => Map<string, RuntimeField>,
  top = false,
): unknown {
  if (Array.isArray(value)) return value.map((item, i) => visit(item, model, `${path}[${i}]`, fieldsOf));
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const fields = fieldsOf(model);
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = top ? undefined : fields.get(key);
    let next: unknown;
    if (field?.kind === 'scalar' && field.type === 'Json') next = tagJsonInput(item, `${model}.${key}`);
    else if (field?.kind === 'object') next = visit(item, field.type, `${path}.${key}`, fieldsOf);
    else next = visit(item, model, `${path}.${key}`, fieldsOf);
    if (next !== item) (out ??= { ...value })[key] = next;
  }
  return out ?? value;
}

/**
 * Raw-query extension args: a `Sql` (`$queryRaw`, `$executeRaw`: Prisma builds one from the
 * template), `[sql, ...values]` (`$queryRawUnsafe`, `$executeRawUnsafe`) or a `TypedSql`
 * (`$queryRawTyped`: a query generated by `prisma generate --sql`, `{ sql, values }`).
 */
function encodeRawArgs(args: unknown): unknown {
  if (isSqlLike(args)) {
    const Sql = (args as object).constructor as new (strings: readonly string[], values: unknown[]) => SqlLike;
    return new Sql(args.strings, encodeRawValues(args.values, 1));
  }
  if (Array.isArray(args)) {
    const [sql, ...values] = args as unknown[];
    return [sql, ...encodeRawValues(values, 1)];
  }
  if (isTypedSql(args)) {
    const TypedSql = (args as object).constructor as new (sql: string, values: unknown[]) => TypedSqlLike;
    return new TypedSql(args.sql, encodeRawValues(args.values, 1));
  }
  return args;
}

/** A `TypedSql` of Prisma's runtime (what a generated TypedSQL function returns). */
interface TypedSqlLike {
  readonly sql: string;
  readonly values: readonly unknown[];
}

function isTypedSql(value: unknown): value is TypedSqlLike {
  return typeof value === 'object' && value !== null && typeof (value as TypedSqlLike).sql === 'string' && Array.isArray((value as TypedSqlLike).values);
}

/**
 * Raw parameters Prisma would not send exactly, written as text (before Prisma copies them: its
 * copy makes every Date a plain ms Date and every Decimal a Prisma.Decimal) by @pg-exact/core's
 * `serializeUntyped`: Decimal (Prisma drops trailing zeros and uses exponents), Dates (µs,
 * infinities), -0/NaN/±Infinity numbers (JSON turns them into 0 and null), objects (Prisma turns
 * bigint inside into strings) and arrays. Strings, booleans, safe numbers, bigint and bytes are
 * left to Prisma, which sends them exactly.
 */
function encodeRawValues(values: readonly unknown[], first: number): unknown[] {
  return values.map((value, i) => {
    if (value === null || value === undefined) return value;
    switch (typeof value) {
      case 'string':
      case 'boolean':
      case 'bigint':
        return value;
      case 'number':
        return Number.isFinite(value) && !Object.is(value, -0) ? value : serializeUntyped(value);
      case 'object':
        if (value instanceof Uint8Array || value instanceof ArrayBuffer) return value;
        try {
          // A Date through the timestamptz codec: PreciseDate's infinities become 'infinity'.
          return value instanceof Date ? codecs.timestamptz.serialize(value) : serializeUntyped(value);
        } catch (error) {
          throw error instanceof PgExactValueError ? error.within(`$${first + i}`) : error;
        }
      default:
        throw new PgExactValueError(`${describeValue(value)} cannot be sent as a query parameter`, {
          value,
          type: 'parameter',
          path: `$${first + i}`,
        });
    }
  });
}
