import type { Generated } from 'kysely';
import type { Int8, Jsonb, Numeric, Timestamptz } from '@pg-exact/kysely';

/** Metadata a payment provider attaches: its ids are 64-bit snowflakes, past 2^53. */
export interface ExternalRef {
  provider: string;
  snowflake: bigint;
}

export interface Database {
  account: {
    id: Generated<bigint>;
    name: string;
    balance: Numeric;
  };
  entry: {
    id: Generated<bigint>;
    account_id: Int8;
    amount: Numeric;
    external: Jsonb<ExternalRef>;
    booked_at: Timestamptz;
  };
}
