import type { PGlite } from '@electric-sql/pglite';
import { codecs, type Codec } from '@pg-exact/core';
import type { ExactParser } from './exact-parsers.js';
import { exactParsers } from './exact-parsers.js';
import type { ExactSerializer } from './exact-serializers.js';
import { exactSerializers } from './exact-serializers.js';
import { serializeParameter } from './parameter-serializer.js';

const codecByOid = new Map((Object.values(codecs) as Codec<unknown, never>[]).map((codec) => [codec.oid, codec]));

interface DomainRow {
  oid: number;
  typarray: number;
  typbasetype: number;
}

/**
 * Makes a PGlite instance WE created read and write exactly, and keeps it so:
 * - PGlite's init (and every `refreshArrayTypes()`) overwrites the parsers and serializers of all
 *   array OIDs with its own, including those given in the options; the given ones are put back after
 *   each of them;
 * - domains over a codec type (`CREATE DOMAIN amount AS numeric`) get that type's codecs for the
 *   domain and its array: the server describes a parameter by the domain's OID and an array of a
 *   domain by the array's OID;
 * - a parameter of a type PGlite has no serializer for (an enum, uuid, a domain created later…) is
 *   written by {@link serializeParameter} rather than PGlite's `String(value)`, which turns a Date
 *   into local time text and an object into `[object Object]`.
 * Never called on an instance a user hands in: it mutates the instance.
 */
export async function installExactTypes(
  db: PGlite,
  parsers: Readonly<Record<number, ExactParser>>,
  serializers: Readonly<Record<number, ExactSerializer>>,
): Promise<void> {
  db.serializers = new Proxy(db.serializers, {
    get(target, key, receiver) {
      const found: unknown = Reflect.get(target, key, receiver);
      if (found !== undefined || typeof key !== 'string' || !/^\d+$/.test(key)) return found;
      return serializeParameter;
    },
  });

  const apply = async () => {
    const { rows } = await db.query<DomainRow>(
      "SELECT oid, typarray, typbasetype FROM pg_catalog.pg_type WHERE typtype = 'd'",
    );
    const baseOf = new Map(rows.map((row) => [row.oid, row.typbasetype]));
    for (const domain of rows) {
      let base = domain.typbasetype;
      // A domain over a domain: follow the chain to the type it finally stores (cycles are impossible).
      for (let next = baseOf.get(base); next !== undefined; next = baseOf.get(base)) base = next;
      const codec = codecByOid.get(base);
      if (codec === undefined) continue;
      db.parsers[domain.oid] = exactParsers[codec.oid] as ExactParser;
      db.serializers[domain.oid] = exactSerializers[codec.oid] as ExactSerializer;
      if (domain.typarray !== 0) {
        db.parsers[domain.typarray] = exactParsers[codec.arrayOid] as ExactParser;
        db.serializers[domain.typarray] = exactSerializers[codec.arrayOid] as ExactSerializer;
      }
    }
    Object.assign(db.parsers, parsers);
    Object.assign(db.serializers, serializers);
  };

  const refreshArrayTypes = db.refreshArrayTypes.bind(db);
  db.refreshArrayTypes = async () => {
    await refreshArrayTypes();
    await apply();
  };
  await apply();
}
