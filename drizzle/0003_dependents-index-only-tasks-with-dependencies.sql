DROP INDEX "output_tasks_depends_idx";--> statement-breakpoint
CREATE INDEX "output_tasks_depends_idx" ON "output_tasks" USING gin ("depends_on") WHERE depends_on <> '{}';