DROP INDEX "output_tasks_unfinished_idx";--> statement-breakpoint
CREATE INDEX "output_tasks_unfinished_idx" ON "output_tasks" USING btree ("user_id","created_at","id") WHERE finished_at is null;