CREATE TABLE "event_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"description" text,
	"connection_id" uuid NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_event_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"user_id" text NOT NULL,
	"endpoint_id" uuid,
	"notify_url" text,
	"task" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "output_tasks" ADD COLUMN "notify" jsonb;--> statement-breakpoint
ALTER TABLE "event_endpoints" ADD CONSTRAINT "event_endpoints_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_endpoints" ADD CONSTRAINT "event_endpoints_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_endpoints_user_idx" ON "event_endpoints" USING btree ("user_id");--> statement-breakpoint
-- Task events (DESIGN §3.4): every status change a user can subscribe to writes one outbox row per
-- matching endpoint (and one for the task's own notify target) in the transaction that made it, so
-- no path that ends a task (delivery, cancel, bulk cancel, a skipped dependent…) can miss one. Users
-- without endpoints pay one index probe. The worker's relay turns rows into delivery tasks.
CREATE FUNCTION "queue_task_events"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  event_type text := 'task.' || NEW.status;
  event_id text := 'evt_' || replace(gen_random_uuid()::text, '-', '');
BEGIN
  INSERT INTO task_event_outbox (event_id, type, user_id, endpoint_id, task)
    SELECT event_id, event_type, NEW.user_id, e.id, to_jsonb(NEW) FROM event_endpoints e
    WHERE e.user_id = NEW.user_id AND e.enabled AND event_type = ANY (e.events);
  IF NEW.notify IS NOT NULL AND (NOT (NEW.notify ? 'events') OR (NEW.notify -> 'events') ? event_type) THEN
    INSERT INTO task_event_outbox (event_id, type, user_id, notify_url, task)
      VALUES (event_id, event_type, NEW.user_id, NEW.notify ->> 'url', to_jsonb(NEW));
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "output_tasks_events_on_update" AFTER UPDATE OF status ON "output_tasks" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('succeeded', 'failed', 'skipped', 'cancelled', 'awaiting_approval') AND NEW.kind <> 'event-delivery')
  EXECUTE FUNCTION "queue_task_events"();--> statement-breakpoint
CREATE TRIGGER "output_tasks_events_on_insert" AFTER INSERT ON "output_tasks" FOR EACH ROW
  WHEN (NEW.status IN ('succeeded', 'failed', 'skipped', 'cancelled', 'awaiting_approval') AND NEW.kind <> 'event-delivery')
  EXECUTE FUNCTION "queue_task_events"();
