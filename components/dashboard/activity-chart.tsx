'use client';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ActivityBucket } from '@/lib/dashboard/activity';

const hourLabel = (iso: string) => `${iso.slice(11, 13)}h`;

/** Delivered vs failed attempts per hour (last 24 h); the numbers are also given as text. */
export default function ActivityChart({ buckets }: { buckets: ActivityBucket[] }) {
  return (
    <div className="h-56 w-full" role="img" aria-label="Bar chart of delivered and failed attempts per hour over the last 24 hours">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="hour" tickFormatter={hourLabel} interval="preserveStartEnd" minTickGap={16} fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} />
          <Tooltip labelFormatter={(label) => `${String(label).slice(0, 13).replace('T', ' ')}:00 UTC`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="delivered" name="Delivered" stackId="a" fill="#047857" isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed attempts" stackId="a" fill="#b91c1c" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
