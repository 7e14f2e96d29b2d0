import { Decimal } from '@pg-exact/core';
import { makeTypedQueryFactory } from '@prisma/client/runtime/client';
import { Prisma, type PrismaClient } from '../../packages/prisma/test/differential/generated/client.js';
import { jsonBigInt, jsonDecimal, jsonNumberWrite, jsonRefused, rawNonFiniteParameter, relabelledInstant, type Documented } from './prisma-type-map.js';

/**
 * One feature of the corpus: code written for vanilla Prisma, run unchanged on both stacks (in
 * order: later steps read what earlier ones wrote). `documented` names the differences from the
 * type map this step shows, each of which must show; any other difference fails.
 */
export interface Step {
  readonly name: string;
  readonly documented?: readonly Documented[];
  run(prisma: PrismaClient): Promise<unknown>;
}

const KATHMANDU = (5 * 60 + 45) * 60_000; // Asia/Kathmandu, +05:45 all year
const alice = { email: 'alice@example.com' };
const bob = { email: 'bob@example.com' };
// Written by another program (raw SQL): Json numbers that JSON.parse rounds.
const BIG_JSON = '{"city": "Bergen", "snowflake": 12345678901234567890, "rate": 0.10000000000000000000001, "safe": 9007199254740991, "list": [18446744073709551616, 1.5]}';
const jsonRounding = [jsonBigInt, jsonDecimal];

export const corpus: readonly Step[] = [
  {
    name: 'create with nested writes: 1-n posts, implicit n-m categories (connectOrCreate), every scalar type',
    run: (prisma) =>
      prisma.user.create({
        data: {
          ...alice,
          name: 'Alice',
          role: 'ADMIN',
          roles: ['ADMIN', 'MEMBER'],
          tags: ['x', 'y'],
          lucky: [7, 13],
          karma: 9007199254740993n,
          balance: new Prisma.Decimal('12345678901234.5678'),
          rating: 0.1,
          profile: { city: 'Oslo', tags: ['a', 'b'], n: 1.5, nested: { deep: [1, 2, { x: 'y' }] }, none: null },
          avatar: new Uint8Array([0, 1, 255]),
          ref: '8f14e45f-ceea-467f-a8a8-2f5c1bb2b6b1',
          createdAt: new Date('2024-03-10T01:59:59.123Z'),
          birthday: new Date('1990-07-04T00:00:00Z'),
          lastSeen: new Date('2024-11-03T06:30:00.250Z'),
          posts: {
            create: [
              {
                title: 'First',
                published: true,
                views: 10,
                likes: 2n ** 62n,
                price: '19.90',
                meta: { kind: 'note', words: 120 },
                amounts: ['1.500', '2.25'],
                publishedAt: new Date('2024-01-01T12:00:00.001Z'),
                categories: { connectOrCreate: [{ where: { name: 'db' }, create: { name: 'db' } }, { where: { name: 'ts' }, create: { name: 'ts' } }] },
              },
              { title: 'Draft', price: '0.05', meta: [1, 'two', false], amounts: [] },
            ],
          },
        },
        include: { posts: { include: { categories: true } } },
      }),
  },
  {
    name: 'createMany (skipDuplicates)',
    run: (prisma) =>
      prisma.user.createMany({
        data: [
          { ...bob, name: 'Bob', karma: -5n, balance: '-0.0001', createdAt: new Date('2023-12-31T23:59:59.999Z'), tags: ['y'], roles: ['GUEST'] },
          { email: 'carol@example.com', role: 'GUEST', createdAt: new Date('2000-02-29T00:00:00Z'), birthday: new Date('2000-02-29T00:00:00Z'), profile: Prisma.JsonNull },
          { ...bob, createdAt: new Date() }, // a duplicate, skipped
        ],
        skipDuplicates: true,
      }),
  },
  {
    name: 'createManyAndReturn',
    run: async (prisma) => {
      const bobId = (await prisma.user.findUniqueOrThrow({ where: bob, select: { id: true } })).id;
      return prisma.post.createManyAndReturn({
        data: [
          { title: 'Bob 1', authorId: bobId, price: '5.00', likes: 3n, views: 3, published: true, meta: { n: 0.1 } },
          { title: 'Bob 2', authorId: bobId, price: '7.25', likes: 3n, views: 1, published: true, amounts: ['0.001'] },
          { title: 'Bob 3', authorId: bobId, price: '7.25', likes: -1n, views: 8 },
        ],
        select: { id: true, title: true, price: true, likes: true, amounts: true, meta: true, author: { select: { email: true } } },
      });
    },
  },
  {
    name: 'explicit n-m: groups with memberships (nested create, connect)',
    run: async (prisma) => {
      await prisma.group.create({ data: { name: 'admins', members: { create: [{ user: { connect: alice }, since: new Date('2020-01-01T00:00:00Z'), weight: '2.5' }] } } });
      return prisma.group.create({
        data: {
          name: 'readers',
          members: {
            create: [
              { user: { connect: alice }, since: new Date('2021-06-15T08:30:00.5Z') },
              { user: { connect: bob }, since: new Date('2022-01-01T00:00:00Z'), weight: '0.125' },
            ],
          },
        },
        include: { members: { include: { user: { select: { email: true } } }, orderBy: { userId: 'asc' } } },
      });
    },
  },
  {
    name: '$executeRaw: Json with big numbers written by another program',
    run: async (prisma) => ({
      profile: await prisma.$executeRaw`UPDATE "User" SET profile = ${BIG_JSON}::jsonb WHERE email = ${'carol@example.com'}`,
      membership: await prisma.$executeRaw`INSERT INTO "Membership" ("userId", "groupId", since) SELECT id, 1, '2019-05-05 05:05:05.555555+00' FROM "User" WHERE email = ${'carol@example.com'}`,
    }),
  },
  {
    name: 'include relations whose rows hold long Decimals, big Json numbers, every DateTime kind',
    documented: jsonRounding,
    run: (prisma) => prisma.membership.findMany({ include: { user: true, group: { include: { _count: true } } }, orderBy: [{ userId: 'asc' }, { groupId: 'asc' }] }),
  },
  {
    name: 'findMany: every scalar type, Json big numbers',
    documented: jsonRounding,
    run: (prisma) => prisma.user.findMany({ orderBy: { id: 'asc' } }),
  },
  {
    name: 'findUnique with nested include (1-n, implicit n-m, explicit n-m)',
    run: (prisma) =>
      prisma.user.findUnique({
        where: alice,
        include: { posts: { include: { categories: true }, orderBy: { id: 'asc' } }, groups: { include: { group: true }, orderBy: { groupId: 'asc' } } },
      }),
  },
  {
    name: 'findUniqueOrThrow on a compound id; findFirstOrThrow not found',
    run: async (prisma) => {
      const user = await prisma.user.findUniqueOrThrow({ where: alice });
      const membership = await prisma.membership.findUniqueOrThrow({ where: { userId_groupId: { userId: user.id, groupId: 2 } }, include: { group: true } });
      const missing = await prisma.user.findFirstOrThrow({ where: { email: 'nobody@example.com' } }).catch((error: unknown) => error);
      return { membership, missing };
    },
  },
  {
    name: 'nested select with relation filters and ordering',
    run: (prisma) =>
      prisma.user.findMany({
        where: { posts: { some: { published: true } } },
        orderBy: { email: 'asc' },
        select: {
          email: true,
          karma: true,
          posts: {
            where: { price: { gte: '5' } },
            orderBy: [{ price: 'desc' }, { id: 'asc' }],
            select: { title: true, price: true, amounts: true, categories: { select: { name: true }, orderBy: { name: 'asc' } } },
          },
        },
      }),
  },
  {
    name: 'relation filters: some, every, none, is',
    run: async (prisma) => ({
      every: await prisma.user.findMany({ where: { posts: { every: { published: true } } }, select: { email: true }, orderBy: { id: 'asc' } }),
      none: await prisma.user.findMany({ where: { posts: { none: {} } }, select: { email: true }, orderBy: { id: 'asc' } }),
      is: await prisma.post.findMany({ where: { author: { is: { role: 'ADMIN' } } }, select: { title: true }, orderBy: { id: 'asc' } }),
      inCategory: await prisma.post.findMany({ where: { categories: { some: { name: 'db' } } }, select: { title: true } }),
    }),
  },
  {
    name: 'orderBy on a relation field and on a relation count',
    run: async (prisma) => ({
      byAuthor: await prisma.post.findMany({ orderBy: [{ author: { email: 'desc' } }, { id: 'asc' }], select: { title: true, author: { select: { email: true } } } }),
      byPostCount: await prisma.user.findMany({ orderBy: [{ posts: { _count: 'desc' } }, { id: 'asc' }], select: { email: true } }),
    }),
  },
  {
    name: 'relation counts (_count)',
    run: (prisma) =>
      prisma.user.findMany({
        orderBy: { id: 'asc' },
        select: { email: true, _count: { select: { posts: true, groups: true } }, posts: { select: { _count: { select: { categories: true } } }, orderBy: { id: 'asc' } } },
      }),
  },
  {
    name: 'cursor pagination (forwards and backwards)',
    run: async (prisma) => {
      const first = await prisma.post.findMany({ take: 2, orderBy: { id: 'asc' }, select: { id: true, title: true } });
      const next = await prisma.post.findMany({ take: 2, skip: 1, cursor: { id: first.at(-1)!.id }, orderBy: { id: 'asc' }, select: { id: true, title: true } });
      const back = await prisma.post.findMany({ take: -2, skip: 1, cursor: { id: next.at(-1)!.id }, orderBy: { id: 'asc' }, select: { id: true, title: true } });
      return { first, next, back };
    },
  },
  {
    name: 'distinct',
    run: (prisma) => prisma.post.findMany({ distinct: ['authorId', 'price'], orderBy: [{ authorId: 'asc' }, { price: 'asc' }, { id: 'asc' }], select: { authorId: true, price: true, title: true } }),
  },
  {
    name: 'aggregate: _sum, _avg, _min, _max, _count on Decimal, BigInt, Int, Float',
    run: async (prisma) => ({
      posts: await prisma.post.aggregate({
        _sum: { price: true, likes: true, views: true },
        _avg: { price: true, likes: true, views: true },
        _min: { price: true, likes: true, publishedAt: true, title: true },
        _max: { price: true, likes: true, views: true },
        _count: { _all: true, publishedAt: true },
      }),
      users: await prisma.user.aggregate({ _sum: { karma: true, balance: true, rating: true }, _avg: { karma: true, balance: true }, _count: true }),
      filtered: await prisma.post.aggregate({ where: { published: true }, _sum: { likes: true }, _avg: { price: true }, orderBy: { id: 'asc' }, take: 2 }),
    }),
  },
  {
    name: 'groupBy with having and orderBy on aggregates',
    run: (prisma) =>
      prisma.post.groupBy({
        by: ['authorId', 'published'],
        _sum: { price: true, likes: true, views: true },
        _avg: { price: true, likes: true },
        _count: { _all: true },
        _max: { publishedAt: true },
        having: { price: { _sum: { gt: '0' } } },
        orderBy: [{ authorId: 'asc' }, { published: 'asc' }],
      }),
  },
  {
    name: 'count (with select and where)',
    run: async (prisma) => ({
      all: await prisma.user.count(),
      fields: await prisma.user.count({ select: { _all: true, name: true, profile: true } }),
      where: await prisma.post.count({ where: { likes: { gt: 2n } } }),
    }),
  },
  {
    name: 'Json filters: path equals, string_contains, array_contains, equals, JsonNull, number comparisons',
    run: async (prisma) => {
      const emails = { select: { email: true }, orderBy: { id: 'asc' } } as const;
      return {
        pathEquals: await prisma.user.findMany({ where: { profile: { path: ['city'], equals: 'Oslo' } }, ...emails }),
        stringContains: await prisma.user.findMany({ where: { profile: { path: ['city'], string_contains: 'erg' } }, ...emails }),
        startsWith: await prisma.user.findMany({ where: { profile: { path: ['city'], string_starts_with: 'Os' } }, ...emails }),
        arrayContains: await prisma.user.findMany({ where: { profile: { path: ['tags'], array_contains: ['b'] } }, ...emails }),
        arrayStartsWith: await prisma.user.findMany({ where: { profile: { path: ['tags'], array_starts_with: 'a' } }, ...emails }),
        nested: await prisma.user.findMany({ where: { profile: { path: ['nested', 'deep'], array_contains: [2] } }, ...emails }),
        bigNumber: await prisma.user.findMany({ where: { profile: { path: ['snowflake'], gt: 1e19 } }, ...emails }),
        equals: await prisma.post.findMany({ where: { meta: { equals: { kind: 'note', words: 120 } } }, select: { title: true } }),
        wholeArray: await prisma.post.findMany({ where: { meta: { array_contains: ['two'] } }, select: { title: true } }),
        jsonNull: await prisma.user.findMany({ where: { profile: { equals: Prisma.JsonNull } }, ...emails }),
        dbNull: await prisma.user.findMany({ where: { profile: { equals: Prisma.DbNull } }, ...emails }),
        not: await prisma.post.findMany({ where: { meta: { not: Prisma.AnyNull } }, select: { title: true }, orderBy: { id: 'asc' } }),
      };
    },
  },
  {
    name: 'scalar list and enum filters',
    run: async (prisma) => {
      const emails = { select: { email: true }, orderBy: { id: 'asc' } } as const;
      return {
        has: await prisma.user.findMany({ where: { tags: { has: 'y' } }, ...emails }),
        hasSome: await prisma.user.findMany({ where: { lucky: { hasSome: [13, 99] } }, ...emails }),
        isEmpty: await prisma.post.findMany({ where: { amounts: { isEmpty: true } }, select: { title: true } }),
        decimals: await prisma.post.findMany({ where: { amounts: { has: '2.25' } }, select: { title: true } }),
        enumIn: await prisma.user.findMany({ where: { role: { in: ['ADMIN', 'GUEST'] } }, ...emails }),
        enumNot: await prisma.user.findMany({ where: { role: { not: 'ADMIN' } }, ...emails }),
      };
    },
  },
  {
    name: 'enum list filter',
    run: (prisma) => prisma.user.findMany({ where: { roles: { hasEvery: ['ADMIN', 'MEMBER'] } }, select: { email: true } }).catch((error: unknown) => error),
  },
  {
    name: 'scalar filters on BigInt, Decimal, DateTime, Bytes, uuid',
    run: async (prisma) => ({
      bigint: await prisma.user.findMany({ where: { karma: { gt: 9007199254740992n } }, select: { email: true } }),
      decimal: await prisma.user.findMany({ where: { balance: { lt: new Prisma.Decimal('0') } }, select: { email: true } }),
      decimalIn: await prisma.post.findMany({ where: { price: { in: ['19.9', '0.05'] } }, select: { title: true }, orderBy: { id: 'asc' } }),
      instant: await prisma.user.findMany({ where: { createdAt: { gte: new Date('2024-03-10T01:59:59.123Z') } }, select: { email: true } }),
      wallClock: await prisma.user.findMany({ where: { lastSeen: new Date('2024-11-03T06:30:00.250Z') }, select: { email: true } }),
      day: await prisma.user.findMany({ where: { birthday: new Date('2000-02-29T00:00:00Z') }, select: { email: true } }),
      bytes: await prisma.user.findMany({ where: { avatar: new Uint8Array([0, 1, 255]) }, select: { email: true } }),
      uuid: await prisma.user.findMany({ where: { ref: '8f14e45f-ceea-467f-a8a8-2f5c1bb2b6b1' }, select: { email: true } }),
      text: await prisma.user.findMany({ where: { name: { contains: 'li', mode: 'insensitive' } }, select: { email: true } }),
    }),
  },
  {
    name: 'update: atomic number operations, list push, Json set, nested update',
    run: (prisma) =>
      prisma.user.update({
        where: alice,
        data: {
          karma: { increment: 2n },
          balance: { decrement: '0.0001' },
          rating: { multiply: 3 },
          tags: { push: 'z' },
          lucky: { set: [1, 2, 3] },
          profile: { city: 'Oslo', tags: ['a', 'b', 'c'], n: -2.5e-7 },
          posts: { updateMany: { where: { published: false }, data: { views: { increment: 1 }, likes: { decrement: 1n } } } },
        },
        include: { posts: { orderBy: { id: 'asc' } } },
      }),
  },
  {
    name: 'updateMany and updateManyAndReturn',
    run: async (prisma) => ({
      many: await prisma.post.updateMany({ where: { price: { lt: '10' } }, data: { price: { increment: '0.01' } } }),
      returned: await prisma.post.updateManyAndReturn({
        where: { title: { startsWith: 'Bob' } },
        data: { meta: { touched: true }, amounts: { push: '9.999' } },
        select: { title: true, price: true, meta: true, amounts: true },
      }),
      withAuthor: await prisma.post.updateManyAndReturn({ where: { title: 'First' }, data: { views: { increment: 1 } }, include: { author: true } }),
    }),
  },
  {
    name: 'upsert: the create path, then the update path',
    run: async (prisma) => {
      const data = { email: 'dave@example.com', createdAt: new Date('1970-01-01T00:00:00Z'), balance: '1e-4', karma: -(2n ** 63n) };
      const created = await prisma.user.upsert({ where: { email: data.email }, create: data, update: { name: 'never' } });
      const updated = await prisma.user.upsert({ where: { email: data.email }, create: data, update: { name: 'Dave', karma: 2n ** 63n - 1n } });
      return { created, updated };
    },
  },
  {
    name: 'errors: unique (P2002), foreign key (P2003), record not found (P2025)',
    run: async (prisma) => {
      const fail = (promise: Promise<unknown>) => promise.then(() => 'no error', (error: unknown) => error);
      return {
        unique: await fail(prisma.user.create({ data: { ...alice, createdAt: new Date(0) } })),
        foreignKey: await fail(prisma.post.create({ data: { title: 'orphan', price: '1', authorId: 999n } })),
        notFound: await fail(prisma.user.update({ where: { email: 'nobody@example.com' }, data: { name: 'x' } })),
      };
    },
  },
  {
    name: 'interactive transactions at each isolation level',
    run: async (prisma) => {
      const levels = Object.values(Prisma.TransactionIsolationLevel);
      const results = [];
      for (const [i, isolationLevel] of levels.entries()) {
        results.push(
          await prisma.$transaction(
            async (tx) => {
              const [row] = await tx.$queryRaw<{ level: string }[]>`SELECT current_setting('transaction_isolation') AS level`;
              const user = await tx.user.update({ where: bob, data: { karma: { increment: BigInt(i) } }, select: { karma: true } });
              return { isolationLevel, level: row?.level, user, posts: await tx.post.count({ where: { author: bob } }) };
            },
            { isolationLevel },
          ),
        );
      }
      return results;
    },
  },
  {
    name: 'interactive transaction rolled back by an error',
    run: (prisma) =>
      prisma
        .$transaction(async (tx) => {
          await tx.user.update({ where: alice, data: { name: 'rolled back' } });
          await tx.category.create({ data: { name: 'lost' } });
          await tx.category.create({ data: { name: 'db' } }); // unique violation
        })
        .catch((error: unknown) => error),
  },
  {
    name: 'batch transactions: results in order, isolation level, rollback of the whole batch',
    run: async (prisma) => ({
      done: await prisma.$transaction(
        [
          prisma.category.create({ data: { name: 'batch' } }),
          prisma.post.update({ where: { id: 1 }, data: { categories: { connect: { name: 'batch' } } }, include: { categories: { orderBy: { id: 'asc' } } } }),
          prisma.$executeRaw`UPDATE "User" SET rating = rating + 1 WHERE rating IS NOT NULL`,
          prisma.$queryRaw`SELECT count(*) AS n, sum(karma) AS k FROM "User"`,
          prisma.user.count(),
        ],
        { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
      ),
      failed: await prisma
        .$transaction([prisma.category.create({ data: { name: 'batch-lost' } }), prisma.category.create({ data: { name: 'batch' } })])
        .catch((error: unknown) => error),
    }),
  },
  {
    name: '$queryRaw: every column type of a table, Json big numbers',
    documented: jsonRounding,
    run: (prisma) => prisma.$queryRaw`SELECT * FROM "User" ORDER BY id`,
  },
  {
    name: '$queryRaw: parameters of every kind, computed columns (count, sum, avg, numeric math)',
    documented: [rawNonFiniteParameter],
    run: (prisma) => prisma.$queryRaw`
      SELECT ${1n}::int8 AS big, ${2 ** 53 - 1}::int8 AS "bigFromNumber", ${new Prisma.Decimal('1.50')}::numeric AS dec, ${'19.90'}::numeric AS "decText",
             ${'x'} AS text, ${new Date('2024-03-10T01:59:59.123Z')}::timestamptz AS at, ${true} AS yes, ${[1, 2, 3]}::int4[] AS ints,
             ${['a', 'b']}::text[] AS texts, ${{ a: 1, b: [true, null] }}::jsonb AS obj, ${new Uint8Array([1, 2])}::bytea AS bytes, ${1.5}::float8 AS float,
             ${null}::int4 AS nothing, ${NaN}::float8 AS nan, ${-0}::float8 AS "negativeZero", ${-Infinity}::float8 AS "minusInfinity", count(*) AS n, sum(karma) AS karma, avg(balance) AS "avgBalance", sum(balance) * 3 AS "balanceTimes3",
             max("createdAt") AS latest, min(birthday) AS "firstBirthday", array_agg(email ORDER BY id) AS emails
      FROM "User"`,
  },
  {
    name: '$queryRaw with Prisma.sql, Prisma.join and Prisma.raw fragments',
    run: (prisma) => {
      const ids = Prisma.join([1n, 2n, 3n]);
      return prisma.$queryRaw(Prisma.sql`SELECT id, email, karma, balance FROM ${Prisma.raw('"User"')} WHERE id IN (${ids}) ORDER BY id`);
    },
  },
  {
    // `prisma generate --sql` cannot run here (it needs Prisma's native schema engine, which is
    // downloaded outside npm, and a database); what it generates for prisma/sql/userJson.sql at
    // run time is this one call, with the result types introspected from the database.
    name: '$queryRawTyped (TypedSQL)',
    documented: jsonRounding,
    run: (prisma) => {
      const userJson = makeTypedQueryFactory('SELECT id, email, karma, balance, profile, "createdAt" FROM "User" WHERE id >= $1 ORDER BY id');
      return prisma.$queryRawTyped(userJson(1n));
    },
  },
  {
    name: '$queryRawUnsafe and $executeRawUnsafe with positional parameters',
    run: async (prisma) => ({
      updated: await prisma.$executeRawUnsafe('UPDATE "Post" SET views = views + $1 WHERE "authorId" = $2', 5, 2n),
      rows: await prisma.$queryRawUnsafe('SELECT id, title, views, likes, price, amounts, meta FROM "Post" WHERE views > $1 ORDER BY id', 2),
    }),
  },
  {
    name: 'DateTime in a non-UTC session: model and raw reads',
    documented: [relabelledInstant(KATHMANDU)],
    run: (prisma) =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL TIME ZONE 'Asia/Kathmandu'`);
        const [session] = await tx.$queryRaw<{ zone: string }[]>`SELECT current_setting('TimeZone') AS zone`;
        const user = await tx.user.findUniqueOrThrow({ where: alice, select: { createdAt: true, lastSeen: true, birthday: true } });
        const raw = await tx.$queryRaw`SELECT "createdAt", "lastSeen", birthday FROM "User" WHERE email = ${alice.email}`;
        const groups = await tx.membership.findMany({
          select: { since: true, user: { select: { createdAt: true, lastSeen: true, birthday: true } } },
          orderBy: [{ userId: 'asc' }, { groupId: 'asc' }],
        });
        return { session, user, raw, groups };
      }),
  },
  {
    name: 'delete with cascades (1-n, n-m), deleteMany',
    run: async (prisma) => ({
      deleted: await prisma.user.delete({ where: bob, include: { posts: { orderBy: { id: 'asc' } }, groups: true } }),
      many: await prisma.category.deleteMany({ where: { name: { in: ['ts', 'batch'] } } }),
      none: await prisma.post.deleteMany({ where: { title: 'nothing' } }),
      left: await prisma.post.findMany({ include: { categories: true }, orderBy: { id: 'asc' } }),
    }),
  },
  {
    name: 'DateTime writes in a non-UTC session',
    documented: [relabelledInstant(KATHMANDU)],
    run: (prisma) =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL TIME ZONE 'Asia/Kathmandu'`);
        await tx.user.update({ where: { email: 'carol@example.com' }, data: { createdAt: new Date('2001-02-03T04:05:06.789Z'), lastSeen: new Date('2001-02-03T04:05:06.789Z'), birthday: new Date('2001-02-03T00:00:00Z') } });
        await tx.$executeRaw`UPDATE "Post" SET "publishedAt" = ${new Date('2001-02-03T04:05:06.789Z')} WHERE title = 'Draft'`;
      }),
  },
  {
    name: 'bigint and Decimal inside Json writes (model and raw)',
    documented: [jsonNumberWrite],
    run: async (prisma) => {
      const profile = { id: 2n ** 64n, small: 5n, price: new Prisma.Decimal('0.10'), list: [1n] } as unknown as Prisma.InputJsonValue;
      const model = await prisma.user.update({ where: { email: 'dave@example.com' }, data: { profile }, select: { profile: true } }).catch((error: unknown) => error);
      const raw = await prisma.$queryRaw`SELECT ${profile}::jsonb AS v`.catch((error: unknown) => error);
      // A Decimal as pg-exact reads it inside Json (its scale printed), as a raw parameter.
      const decimals = await prisma.$queryRaw`SELECT ${new Decimal('19.90')}::numeric AS scaled, ${new Decimal('0.10000000000000000000001')}::numeric AS long`;
      return { model, raw, decimals };
    },
  },
  {
    name: 'Json writes jsonb cannot hold: NaN, Infinity, undefined in an array, U+0000, a lone surrogate (model and raw)',
    documented: [jsonRefused],
    run: async (prisma) => {
      const attempts = [{ n: NaN }, { n: [-Infinity] }, { list: [1, undefined] }, { s: 'a\u0000b' }, { s: '\ud800' }] as unknown as Prisma.InputJsonValue[];
      const results = [];
      for (const profile of attempts) {
        // Rolled back whatever happens: only what each stack reports is compared.
        const rolledBack = prisma.$transaction(async (tx) => {
          const outcome = await tx.user.create({ data: { email: 'refused@example.com', createdAt: new Date(0), profile }, select: { profile: true } }).catch((error: unknown) => error);
          throw Object.assign(new Error('rollback'), { outcome });
        });
        results.push(await rolledBack.catch((error: { outcome?: unknown }) => error.outcome ?? error));
        // As a raw parameter: pg-exact refuses U+0000 and lone surrogates too, before sending.
        results.push(await prisma.$queryRaw`SELECT ${profile}::jsonb AS v`.catch((error: unknown) => error));
      }
      return results;
    },
  },
  {
    name: 'Json read, modified and written back',
    documented: jsonRounding,
    run: async (prisma) => {
      const { profile } = await prisma.user.findUniqueOrThrow({ where: { email: 'carol@example.com' }, select: { profile: true } });
      return prisma.post.update({ where: { id: 1 }, data: { meta: { ...(profile as Prisma.JsonObject), edited: true } }, select: { meta: true } });
    },
  },
];
