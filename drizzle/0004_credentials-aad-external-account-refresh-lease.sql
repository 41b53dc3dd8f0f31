ALTER TABLE "connections" ADD COLUMN "secret_aad" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "external_account_id" text;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "refresh_lease_owner" text;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "refresh_lease_until" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "connections_external_account_idx" ON "connections" USING btree ("user_id","kind","external_account_id");--> statement-breakpoint
CREATE INDEX "connections_token_expiry_idx" ON "connections" USING btree ("token_expires_at") WHERE "connections"."status" = 'active' and "connections"."token_expires_at" is not null;