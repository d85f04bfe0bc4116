/** One figure of a report's headline row (a `<li>` of the report's KPI list): its label and its value, already in Persian digits. */
export function KpiCard({ label, value }: { label: string; value: string }) {
  return (
    <li className="kpi-card">
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value">{value}</strong>
    </li>
  );
}
