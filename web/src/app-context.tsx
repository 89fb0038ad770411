/** What every page reads: the API, the sign-in, the session (who, which departments, the zone) and the chosen view. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionResponse } from '../../shared/domain/dashboard/contract';
import type { DashboardApi } from './api/client';
import type { PageAuth } from './auth/page-auth';
import type { View } from './view';

export interface AppServices {
  api: DashboardApi;
  auth: PageAuth;
  session: SessionResponse;
  view: View;
  setView(patch: Partial<View>): void;
  /** A department's or journey's name in the page's language (its id when unknown). */
  departmentName(id: string): string;
  journeyName(id: string): string;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

export function useApp(): AppServices {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside AppContext');
  return app;
}
