CREATE TABLE "drizzle_account" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "drizzle_account_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"balance" numeric(38, 18) DEFAULT 0 NOT NULL,
	CONSTRAINT "drizzle_account_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "drizzle_entry" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "drizzle_entry_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" bigint NOT NULL,
	"amount" numeric(38, 18) NOT NULL,
	"external" jsonb NOT NULL,
	"booked_at" timestamp (6) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "drizzle_entry" ADD CONSTRAINT "drizzle_entry_account_id_drizzle_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."drizzle_account"("id") ON DELETE no action ON UPDATE no action;