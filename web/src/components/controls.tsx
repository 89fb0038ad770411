/** The pickers: period and zone (overview, interfaces, journeys), range and granularity (a department). */
import { DASHBOARD_GRANULARITIES, PERIODS, ZONES } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-en';
import { RANGES, type View } from '../view';

interface SelectProps<V extends string | number> {
  id: string;
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange(value: V): void;
}

export function Select<V extends string | number>({ id, label, value, options, onChange }: SelectProps<V>) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={String(value)}
        onChange={(event) => {
          const chosen = options.find((o) => String(o.value) === (event.currentTarget as HTMLSelectElement).value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function useZoneOptions() {
  const { t } = useI18n();
  const { session } = useApp();
  return ZONES.map((zone) => ({ value: zone, label: zone === 'local' ? t('zone.local', { zone: session.timeZone }) : t('zone.UTC') }));
}

export function PeriodControls() {
  const { t } = useI18n();
  const { view, setView } = useApp();
  const zones = useZoneOptions();
  return (
    <form class="controls" aria-label={t('period.label')} onSubmit={(e) => e.preventDefault()}>
      <Select id="period" label={t('period.label')} value={view.period} options={PERIODS.map((p) => ({ value: p, label: t(`period.${p}` as MessageKey) }))} onChange={(period) => setView({ period })} />
      <Select id="zone" label={t('zone.label')} value={view.zone} options={zones} onChange={(zone: View['zone']) => setView({ zone })} />
    </form>
  );
}

export function RangeControls() {
  const { t } = useI18n();
  const { view, setView } = useApp();
  const zones = useZoneOptions();
  return (
    <form class="controls" aria-label={t('range.label')} onSubmit={(e) => e.preventDefault()}>
      <Select id="range" label={t('range.label')} value={view.rangeDays} options={RANGES.map((n) => ({ value: n, label: t(`range.${n}` as MessageKey) }))} onChange={(rangeDays) => setView({ rangeDays })} />
      <Select
        id="granularity"
        label={t('granularity.label')}
        value={view.granularity}
        options={DASHBOARD_GRANULARITIES.map((g) => ({ value: g, label: t(`granularity.${g}` as MessageKey) }))}
        onChange={(granularity) => setView({ granularity })}
      />
      <Select id="zone" label={t('zone.label')} value={view.zone} options={zones} onChange={(zone: View['zone']) => setView({ zone })} />
    </form>
  );
}
