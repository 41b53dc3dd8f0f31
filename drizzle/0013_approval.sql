ALTER TABLE "output_tasks" ADD COLUMN "approval" text;--> statement-breakpoint
ALTER TABLE "output_tasks" ADD COLUMN "approval_payload" jsonb;--> statement-breakpoint
ALTER TABLE "output_tasks" ADD COLUMN "approval_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "output_tasks" ADD COLUMN "approved_at" timestamp with time zone;