/** Small figures: a value that may be missing, a change with its direction, a sparkline with its text. */
import { useI18n } from '../i18n/i18n';
import { NO_VALUE } from '../i18n/format';

/** A figure, or a dash that says "no data" to a screen reader. */
export function Figure({ text }: { text: string }) {
  const { t } = useI18n();
  if (text !== NO_VALUE) return <>{text}</>;
  return (
    <span title={t('value.none')}>
      <span aria-hidden="true">{NO_VALUE}</span>
      <span class="visually-hidden">{t('value.none')}</span>
    </span>
  );
}

/**
 * A change with an arrow and a colour saying whether it is good news (`better` = which direction
 * is good: NPS up, negative share down); the words say the same for those who cannot see colour.
 */
export function Change({ value, better, digits = 1, percent = false }: { value: number | null; better: 'up' | 'down'; digits?: number; percent?: boolean }) {
  const { t, fmt } = useI18n();
  if (value === null) return <Figure text={NO_VALUE} />;
  const text = percent ? `${fmt.signed(value * 100, digits)} pt` : fmt.signed(value, digits);
  const direction = value > 0 ? 'up' : value < 0 ? 'down' : 'same';
  const tone = direction === 'same' ? 'flat' : direction === better ? 'good' : 'bad';
  const magnitude = percent ? `${fmt.number(Math.abs(value * 100), digits)} pt` : fmt.number(Math.abs(value), digits);
  return (
    <span class={`change ${tone}`}>
      <span aria-hidden="true">
        {direction === 'up' ? '▲' : direction === 'down' ? '▼' : '•'} {text}
      </span>
      <span class="visually-hidden">{direction === 'same' ? t('change.same') : t(direction === 'up' ? 'change.up' : 'change.down', { value: magnitude })}</span>
    </span>
  );
}

/** A tiny line of the last periods (null = a gap), labelled with its values for screen readers. */
export function Sparkline({ values, label, width = 96, height = 24 }: { values: (number | null)[]; label: string; width?: number; height?: number }) {
  const present = values.filter((v): v is number => v !== null);
  const min = Math.min(...present, 0);
  const max = Math.max(...present, 0);
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const x = (i: number) => 2 + i * step;
  const y = (v: number) => height - 2 - ((v - min) / span) * (height - 4);
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));
  const last = values.length - 1;
  const lastValue = values[last];
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      {min < 0 && max > 0 && <line x1="0" x2={width} y1={y(0)} y2={y(0)} class="sparkline-zero" />}
      {segments.map((points) => (points.includes(' ') ? <polyline key={points} points={points} /> : null))}
      {lastValue !== null && lastValue !== undefined && <circle cx={x(last)} cy={y(lastValue)} r="2.5" />}
    </svg>
  );
}
