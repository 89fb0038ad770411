/**
 * Interfaces: a department × department matrix of the negative items two departments share in the
 * period, each cell with its change and trend; choosing a cell opens the shared verbatims.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { InterfacesResponseSchema, type InterfacesResponse } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { PeriodControls } from '../components/controls';
import { Failure, Loading } from '../components/status';
import { PairTrend } from '../components/pairs';
import { Change } from '../components/values';
import { Verbatims } from '../components/verbatims';
import { useI18n } from '../i18n/i18n';
import { useResource } from '../use-resource';
import { PageTitle, PeriodLine } from './page-parts';

type Cell = InterfacesResponse['cells'][number];

export function InterfacesPage() {
  const { t } = useI18n();
  const { api, view } = useApp();
  const [resource, reload] = useResource(() => api.get('interfaces', { period: view.period, zone: view.zone }, InterfacesResponseSchema), [view.period, view.zone]);
  return (
    <>
      <PageTitle title={t('interfaces.title')} />
      <p>{t('interfaces.intro')}</p>
      <PeriodControls />
      {resource.state === 'failed' && <Failure error={resource.error} retry={reload} />}
      {resource.state === 'loading' && !resource.data && <Loading />}
      {resource.data && <Matrix data={resource.data} />}
    </>
  );
}

const pairKey = (a: string, b: string) => [a, b].sort().join('+');

function Matrix({ data }: { data: InterfacesResponse }) {
  const { t, fmt, lang } = useI18n();
  const [open, setOpen] = useState<Cell>();
  const byPair = new Map(data.cells.map((c) => [pairKey(c.departments[0], c.departments[1]), c]));
  const max = Math.max(1, ...data.cells.map((c) => c.negative));
  const names = new Map(data.departments.map((d) => [d.id, d.names[lang]]));
  const name = (id: string) => names.get(id) ?? id;
  return (
    <>
      <section class="panel" aria-labelledby="matrix-title">
        <PeriodLine period={data.period} />
        <h2 id="matrix-title">{t('interfaces.matrix')}</h2>
        {data.cells.length === 0 ? (
          <p>{t('interfaces.none')}</p>
        ) : (
          <div class="table-scroll" tabIndex={0} role="group" aria-labelledby="matrix-title">
            <table class="matrix">
              <thead>
                <tr>
                  <td />
                  {data.departments.map((d) => (
                    <th key={d.id} scope="col">
                      <span>{d.names[lang]}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.departments.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">{row.names[lang]}</th>
                    {data.departments.map((column) => {
                      const cell = row.id === column.id ? undefined : byPair.get(pairKey(row.id, column.id));
                      if (!cell || (cell.negative === 0 && !cell.previousNegative)) return <td key={column.id} class="empty-cell" />;
                      const change = cell.previousNegative === null ? null : cell.negative - cell.previousNegative;
                      const level = Math.min(4, Math.ceil((cell.negative / max) * 4));
                      const label = t('interfaces.cell', { a: row.names[lang], b: column.names[lang], n: fmt.number(cell.negative, 0), change: change === null ? t('value.none') : fmt.signed(change, 0) });
                      return (
                        <td key={column.id} class={`heat-${level}`}>
                          <button type="button" class="cell" aria-expanded={open?.id === cell.id} onClick={() => setOpen(cell)}>
                            <span class="visually-hidden">{label}</span>
                            <span aria-hidden="true" class="count">
                              {fmt.number(cell.negative, 0)}
                            </span>
                            <span aria-hidden="true">
                              <Change value={change} better="down" digits={0} />
                            </span>
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {open && <SharedVerbatims cell={open} name={name} period={data.period} close={() => setOpen(undefined)} />}
    </>
  );
}

function SharedVerbatims({ cell, name, period, close }: { cell: Cell; name(id: string): string; period: InterfacesResponse['period']; close(): void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [cell.id]);
  const [a, b] = cell.departments;
  return (
    <section class="panel" aria-labelledby="shared-title">
      <div class="panel-head">
        <h2 id="shared-title" ref={heading} tabIndex={-1}>
          {t('interfaces.shared', { a: name(a), b: name(b) })}
        </h2>
        <button type="button" class="button" onClick={close}>
          {t('interfaces.close')}
        </button>
      </div>
      <PairTrend trend={cell.trend} width={160} height={32} />
      <Verbatims key={cell.id} scope={{ pair: cell.id }} from={period.start} to={period.end} idPrefix="shared-verbatims" />
    </section>
  );
}
