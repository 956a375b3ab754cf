/** The dashboard's charts (recharts), loaded on their own so the figures do not wait for them. */
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const COLORS = ['#c2410c', '#6b7280', '#15803d'];
const TICK = { fontSize: 12, fill: '#374151' };

export function NpsChart({ labels, values }: { labels: string[]; values: number[] }) {
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={labels.map((name, i) => ({ name, n: values[i] ?? 0 }))} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="name" tick={TICK} />
        <YAxis allowDecimals={false} tick={TICK} />
        <Tooltip />
        <Bar dataKey="n" name="n" isAnimationActive={false}>
          {COLORS.map((fill) => <Cell key={fill} fill={fill} />)}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function TrendChart({ points }: { points: { label: string; csat: number | null; nps: number | null; ces: number | null }[] }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={points} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid stroke="#e5e7eb" />
        <XAxis dataKey="label" tick={TICK} />
        <YAxis tick={TICK} domain={[-100, 100]} />
        <Tooltip />
        <Legend />
        <Line type="monotone" dataKey="csat" isAnimationActive={false} name="CSAT %" stroke="#1d4ed8" dot={false} connectNulls />
        <Line type="monotone" dataKey="nps" isAnimationActive={false} name="NPS" stroke="#15803d" dot={false} connectNulls />
        <Line type="monotone" dataKey="ces" isAnimationActive={false} name="CES" stroke="#b45309" dot={false} connectNulls />
      </LineChart>
    </ResponsiveContainer>
  );
}
