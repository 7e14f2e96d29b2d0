// `npx drizzle-kit generate` (offline) writes ./drizzle from src/schema.ts.
export default {
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './drizzle',
};
