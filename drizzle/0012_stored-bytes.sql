CREATE TABLE "user_storage" (
	"user_id" text NOT NULL,
	"stripe" smallint NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "user_storage_user_id_stripe_pk" PRIMARY KEY("user_id","stripe")
);
--> statement-breakpoint
ALTER TABLE "user_storage" ADD CONSTRAINT "user_storage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- What one row keeps stored, as counted against OUTPOST_QUOTA_STORED_BYTES (jsonb as its text form).
CREATE FUNCTION "stored_task_bytes"(input jsonb, template text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT octet_length(input::text)::bigint + coalesce(octet_length(template), 0)
$$;--> statement-breakpoint
CREATE FUNCTION "stored_template_bytes"(body text, sample_input jsonb, mapping jsonb, config jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT octet_length(body)::bigint + coalesce(octet_length(sample_input::text), 0) + coalesce(octet_length(mapping::text), 0) + coalesce(octet_length(config::text), 0)
$$;--> statement-breakpoint
-- One upsert per statement and user, users in order (two multi-user statements lock counters in the
-- same order), on this backend's stripe: a backend runs one transaction at a time, so concurrent
-- creates of one user rarely wait on each other's counter row. Owners being deleted themselves are
-- skipped (their rows go by cascade, and so do their counters).
CREATE FUNCTION "add_stored_bytes"(deltas jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO user_storage (user_id, stripe, bytes)
    SELECT d.key, pg_backend_pid() % 8, d.value::bigint FROM jsonb_each_text(deltas) d JOIN users u ON u.id = d.key
    WHERE d.value::bigint <> 0 ORDER BY d.key
  ON CONFLICT (user_id, stripe) DO UPDATE SET bytes = user_storage.bytes + excluded.bytes
$$;--> statement-breakpoint
CREATE FUNCTION "count_inserted_task_bytes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_stored_bytes((SELECT jsonb_object_agg(user_id, bytes) FROM (
    SELECT user_id, sum(stored_task_bytes(input, template)) AS bytes FROM inserted_rows GROUP BY user_id) s));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "count_deleted_task_bytes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_stored_bytes((SELECT jsonb_object_agg(user_id, -bytes) FROM (
    SELECT user_id, sum(stored_task_bytes(input, template)) AS bytes FROM deleted_rows GROUP BY user_id) s));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "count_changed_task_bytes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_stored_bytes(jsonb_build_object(NEW.user_id, stored_task_bytes(NEW.input, NEW.template) - stored_task_bytes(OLD.input, OLD.template)));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "output_tasks_count_inserted_bytes" AFTER INSERT ON "output_tasks"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_inserted_task_bytes"();--> statement-breakpoint
CREATE TRIGGER "output_tasks_count_deleted_bytes" AFTER DELETE ON "output_tasks"
  REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_deleted_task_bytes"();--> statement-breakpoint
-- Only statements that set input or template run this (status changes, the hot path, do not).
CREATE TRIGGER "output_tasks_count_changed_bytes" AFTER UPDATE OF input, template ON "output_tasks"
  FOR EACH ROW WHEN (OLD.input IS DISTINCT FROM NEW.input OR OLD.template IS DISTINCT FROM NEW.template)
  EXECUTE FUNCTION "count_changed_task_bytes"();--> statement-breakpoint
CREATE FUNCTION "count_inserted_template_bytes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_stored_bytes((SELECT jsonb_object_agg(user_id, bytes) FROM (
    SELECT user_id, sum(stored_template_bytes(body, sample_input, mapping, config)) AS bytes FROM inserted_rows GROUP BY user_id) s));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "count_changed_template_bytes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_stored_bytes(jsonb_build_object(NEW.user_id,
    stored_template_bytes(NEW.body, NEW.sample_input, NEW.mapping, NEW.config) - stored_template_bytes(OLD.body, OLD.sample_input, OLD.mapping, OLD.config)));
  RETURN NULL;
END $$;--> statement-breakpoint
-- A template's versions go by cascade, after the template row is gone; so a template's delete
-- takes its versions' bytes off too, while they can still be read.
CREATE FUNCTION "count_deleted_template_bytes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_stored_bytes(jsonb_build_object(OLD.user_id, -(stored_template_bytes(OLD.body, OLD.sample_input, OLD.mapping, OLD.config)
    + coalesce((SELECT sum(stored_template_bytes(v.body, v.sample_input, v.mapping, v.config)) FROM template_versions v WHERE v.template_id = OLD.id), 0))));
  RETURN OLD;
END $$;--> statement-breakpoint
CREATE FUNCTION "count_inserted_version_bytes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM add_stored_bytes((SELECT jsonb_object_agg(user_id, bytes) FROM (
    SELECT t.user_id, sum(stored_template_bytes(v.body, v.sample_input, v.mapping, v.config)) AS bytes
    FROM inserted_rows v JOIN templates t ON t.id = v.template_id GROUP BY t.user_id) s));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "templates_count_inserted_bytes" AFTER INSERT ON "templates"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_inserted_template_bytes"();--> statement-breakpoint
CREATE TRIGGER "templates_count_changed_bytes" AFTER UPDATE OF body, sample_input, mapping, config ON "templates"
  FOR EACH ROW EXECUTE FUNCTION "count_changed_template_bytes"();--> statement-breakpoint
CREATE TRIGGER "templates_count_deleted_bytes" BEFORE DELETE ON "templates"
  FOR EACH ROW EXECUTE FUNCTION "count_deleted_template_bytes"();--> statement-breakpoint
CREATE TRIGGER "template_versions_count_inserted_bytes" AFTER INSERT ON "template_versions"
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_inserted_version_bytes"();--> statement-breakpoint
-- Rows written before this migration: counted once, now.
INSERT INTO user_storage (user_id, stripe, bytes)
  SELECT user_id, 0, sum(bytes) FROM (
    SELECT user_id, stored_task_bytes(input, template) AS bytes FROM output_tasks
    UNION ALL SELECT user_id, stored_template_bytes(body, sample_input, mapping, config) FROM templates
    UNION ALL SELECT t.user_id, stored_template_bytes(v.body, v.sample_input, v.mapping, v.config) FROM template_versions v JOIN templates t ON t.id = v.template_id
  ) s GROUP BY user_id;
