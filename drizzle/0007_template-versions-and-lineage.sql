DROP INDEX "templates_visibility_idx";--> statement-breakpoint
DROP INDEX "templates_user_idx";--> statement-breakpoint
ALTER TABLE "template_versions" ALTER COLUMN "published_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "template_versions" ALTER COLUMN "published_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "template_versions" ADD COLUMN "name" text NOT NULL;--> statement-breakpoint
ALTER TABLE "template_versions" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "template_versions" ADD COLUMN "sample_input" jsonb;--> statement-breakpoint
ALTER TABLE "template_versions" ADD COLUMN "config" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "template_versions" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "config" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "published_version" integer;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "forked_from_version" integer;--> statement-breakpoint
CREATE INDEX "templates_marketplace_idx" ON "templates" USING btree ("published_at","id") WHERE visibility = 'shared';--> statement-breakpoint
CREATE INDEX "templates_forked_from_idx" ON "templates" USING btree ("forked_from_id") WHERE forked_from_id is not null;--> statement-breakpoint
CREATE INDEX "templates_user_idx" ON "templates" USING btree ("user_id","updated_at");