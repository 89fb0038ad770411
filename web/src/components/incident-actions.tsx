/**
 * Acknowledge, assign and resolve from the page: each asks for confirmation, then calls the POST
 * route; the API's answer replaces the incident shown, its refusal (a 409 saying who resolved it
 * first, a 403 on another department's incident) is shown as it said it.
 */
import * as z from 'zod';
import { useEffect, useRef, useState } from 'preact/hooks';
import { IncidentViewSchema, type IncidentPayload } from '../../../shared/domain/dashboard/contract';
import { useApp } from '../app-context';
import { useI18n } from '../i18n/i18n';

const ActionResponseSchema = z.object({ incident: IncidentViewSchema });

type Pending = { kind: 'ack'; body: Record<string, never> } | { kind: 'assign'; body: { owner: string } } | { kind: 'resolve'; body: { note: string } };

type State = { step: 'idle' } | { step: 'confirm'; pending: Pending } | { step: 'sending'; pending: Pending } | { step: 'done'; message: string } | { step: 'failed'; message: string };

export function IncidentActions({ incident, onChange }: { incident: IncidentPayload; onChange(next: IncidentPayload): void }) {
  const { t } = useI18n();
  const { api } = useApp();
  const [state, setState] = useState<State>({ step: 'idle' });
  const [owner, setOwner] = useState(incident.assignee ?? '');
  const [note, setNote] = useState('');
  const confirmRef = useRef<HTMLButtonElement>(null);
  const base = `incident-${incident.id}`;

  useEffect(() => {
    if (state.step === 'confirm') confirmRef.current?.focus();
  }, [state.step]);

  if (incident.status === 'resolved') return null;

  const ask = (pending: Pending) => setState({ step: 'confirm', pending });
  const send = async (pending: Pending) => {
    setState({ step: 'sending', pending });
    try {
      const { incident: next } = await api.post(`incidents/${encodeURIComponent(incident.id)}/${pending.kind}`, pending.body, ActionResponseSchema);
      onChange(next);
      setState({ step: 'done', message: t(`action.done.${pending.kind}`) });
      if (pending.kind === 'resolve') setNote('');
    } catch (error) {
      setState({ step: 'failed', message: t('action.failed', { message: error instanceof Error ? error.message : String(error) }) });
    }
  };
  const busy = state.step === 'sending' || state.step === 'confirm';
  const question = (p: Pending) => (p.kind === 'assign' ? t('action.confirm.assign', { owner: p.body.owner }) : t(`action.confirm.${p.kind}`));

  return (
    <div class="incident-actions">
      <div class="action-row">
        <button type="button" class="button" disabled={busy || Boolean(incident.acknowledged)} onClick={() => ask({ kind: 'ack', body: {} })}>
          {t('action.ack')}
        </button>
      </div>
      <form
        class="action-row"
        // The API checks the address and says what is wrong; the browser's own bubble would say it in its language, not the page's.
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const value = owner.trim();
          if (!value) setState({ step: 'failed', message: t('action.ownerMissing') });
          else ask({ kind: 'assign', body: { owner: value } });
        }}
      >
        <div class="field">
          <label for={`${base}-owner`}>{t('action.owner')}</label>
          <input id={`${base}-owner`} type="email" autoComplete="email" maxLength={254} value={owner} onInput={(e) => setOwner((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="button" disabled={busy}>
          {t('action.assign')}
        </button>
      </form>
      <form
        class="action-row"
        onSubmit={(e) => {
          e.preventDefault();
          const value = note.trim();
          if (!value) setState({ step: 'failed', message: t('action.noteMissing') });
          else ask({ kind: 'resolve', body: { note: value } });
        }}
      >
        <div class="field grow">
          <label for={`${base}-note`}>{t('action.note')}</label>
          <textarea id={`${base}-note`} rows={2} maxLength={2000} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
        <button type="submit" class="button" disabled={busy}>
          {t('action.resolve')}
        </button>
      </form>
      {(state.step === 'confirm' || state.step === 'sending') && (
        <div class="confirm" role="group" aria-label={question(state.pending)}>
          <p>{question(state.pending)}</p>
          <button ref={confirmRef} type="button" class="button primary" disabled={state.step === 'sending'} onClick={() => void send(state.pending)}>
            {t('action.yes')}
          </button>
          <button type="button" class="button" disabled={state.step === 'sending'} onClick={() => setState({ step: 'idle' })}>
            {t('action.cancel')}
          </button>
        </div>
      )}
      <p class={state.step === 'failed' ? 'action-message error' : 'action-message'} role={state.step === 'failed' ? 'alert' : 'status'}>
        {state.step === 'done' || state.step === 'failed' ? state.message : ''}
      </p>
    </div>
  );
}
