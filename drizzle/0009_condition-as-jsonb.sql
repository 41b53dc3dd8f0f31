-- A condition is a Liquid expression or a structured rule (issue 11). One jsonb column holds both:
-- existing expressions become JSON strings, rules are objects, and readers tell them apart by type.
-- Converting rewrites output_tasks once (bounded by retention) under a short exclusive lock.
ALTER TABLE "template_versions" ALTER COLUMN "condition" SET DATA TYPE jsonb USING to_jsonb("condition");--> statement-breakpoint
ALTER TABLE "templates" ALTER COLUMN "condition" SET DATA TYPE jsonb USING to_jsonb("condition");--> statement-breakpoint
ALTER TABLE "output_tasks" ALTER COLUMN "condition" SET DATA TYPE jsonb USING to_jsonb("condition");
