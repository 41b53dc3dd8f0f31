import { EventEndpoints } from '@/components/events/event-endpoints';
import { requireUserId } from '@/lib/auth/session';
import { listEventDeliveries } from '@/lib/events/deliveries';
import { listEventEndpoints } from '@/lib/events/endpoints';

export const metadata = { title: 'Events · Outpost' };

export default async function EventsPage() {
  const userId = await requireUserId();
  const endpoints = await listEventEndpoints(userId);
  const rows = await Promise.all(
    endpoints.map(async (endpoint) => ({
      ...endpoint,
      deliveries: (await listEventDeliveries(userId, endpoint.id, 20)).map((d) => ({ ...d, lastError: d.lastError?.message ?? null })),
    })),
  );
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Events</h1>
        <p className="mt-1 text-sm text-slate-600">
          Outpost POSTs task events (<code>task.succeeded</code>, <code>task.failed</code>…) to these URLs as signed Standard Webhooks requests, retried
          with backoff. The same endpoints are at <code>/api/v1/event-endpoints</code>.
        </p>
      </div>
      <EventEndpoints endpoints={rows} />
    </div>
  );
}
