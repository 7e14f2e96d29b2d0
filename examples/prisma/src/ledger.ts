import type { Decimal, PreciseDate } from '@pg-exact/core';
import { exactExtension, exactJson } from '@pg-exact/prisma';
import { Prisma, type PrismaClient } from '../generated/client.js';

/** Metadata a payment provider attaches: its ids are 64-bit snowflakes, past 2^53. */
export interface ExternalRef {
  provider: string;
  snowflake: bigint;
}

/** The generated client with exactExtension(): exact Json numbers and the exact raw path. */
export function ledgerClient(client: PrismaClient) {
  return client.$extends(exactExtension());
}
export type LedgerClient = ReturnType<typeof ledgerClient>;

/** Opens an account; the identity id comes back through RETURNING as a bigint. */
export async function openAccount(prisma: LedgerClient, name: string): Promise<bigint> {
  return (await prisma.account.create({ data: { name }, select: { id: true } })).id;
}

/**
 * Books an amount in one interactive transaction: the entry, its µs booking time (written
 * through the exact raw path: Prisma truncates DateTime inputs to ms) and the balance move
 * together, to the last digit.
 */
export async function book(prisma: LedgerClient, accountId: bigint, amount: Decimal, external: ExternalRef, bookedAt: PreciseDate): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const entry = await tx.entry.create({
      data: { accountId, amount: new Prisma.Decimal(amount.toFixed()), external: exactJson(external), bookedAt },
      select: { id: true },
    });
    await tx.$executeRawExact`UPDATE "Entry" SET "bookedAt" = ${bookedAt} WHERE id = ${entry.id}`;
    await tx.account.update({ where: { id: accountId }, data: { balance: { increment: new Prisma.Decimal(amount.toFixed()) } } });
  });
}
