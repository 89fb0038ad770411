import type { AlertState } from '../domain/alerts/state';

export interface AlertStateStore {
  get(key: string): Promise<AlertState | undefined>;
  /**
   * Writes `state` only if the stored version is still `state.version − 1` (absent for version 1):
   * the optimistic lock that makes concurrent evaluations send one email. False when it lost.
   */
  put(state: AlertState): Promise<boolean>;
  list(): Promise<AlertState[]>;
}
