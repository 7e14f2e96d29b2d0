-- CreateTable (as `prisma migrate dev` writes it for schema.prisma)
CREATE TABLE "Account" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "meta" JSONB,
    "balance" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "openedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "wall" TIMESTAMP(6),
    "day" DATE,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Entry" (
    "id" SERIAL NOT NULL,
    "accountId" BIGINT NOT NULL,
    "amount" DECIMAL(38,18) NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "refs" BIGINT[],
    "bookedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" SERIAL NOT NULL,
    "text" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "data" JSON NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_name_key" ON "Account"("name");

-- AddForeignKey
ALTER TABLE "Entry" ADD CONSTRAINT "Entry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
