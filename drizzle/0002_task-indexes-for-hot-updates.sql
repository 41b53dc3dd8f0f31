DROP INDEX "output_tasks_status_idx";--> statement-breakpoint
DROP INDEX "output_tasks_batch_idx";--> statement-breakpoint
CREATE INDEX "output_tasks_batch_leader_idx" ON "output_tasks" USING btree ("batch_leader_id") WHERE batch_leader_id is not null;--> statement-breakpoint
CREATE INDEX "output_tasks_batch_idx" ON "output_tasks" USING btree ("user_id","kind","batch_key") WHERE batch_key is not null;--> statement-breakpoint
ALTER TABLE "output_tasks" SET (fillfactor = 80);--> statement-breakpoint
ALTER TABLE "task_attempts" SET (fillfactor = 85);
