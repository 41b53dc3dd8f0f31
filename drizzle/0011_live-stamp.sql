CREATE TABLE "task_deletions" (
	"user_id" text PRIMARY KEY NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_deletions" ADD CONSTRAINT "task_deletions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "output_tasks_user_finished_idx" ON "output_tasks" USING btree ("user_id","finished_at") WHERE finished_at is not null;--> statement-breakpoint
-- One upsert per statement, users in order, so two multi-user deletes lock counters in the same order.
-- The join with users skips owners being deleted themselves (their tasks go by cascade).
CREATE FUNCTION "count_task_deletions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO task_deletions (user_id, count)
    SELECT o.user_id, count(*) FROM deleted_tasks o JOIN users u ON u.id = o.user_id
    GROUP BY o.user_id ORDER BY o.user_id
  ON CONFLICT (user_id) DO UPDATE SET count = task_deletions.count + excluded.count;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "output_tasks_count_deletions" AFTER DELETE ON "output_tasks"
  REFERENCING OLD TABLE AS deleted_tasks FOR EACH STATEMENT EXECUTE FUNCTION "count_task_deletions"();
