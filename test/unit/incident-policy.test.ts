import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadEnv } from '../../shared/config/env';
import { incidentPolicyFromEnv } from '../../shared/config/incident-policy';
import { DEFAULT_INCIDENT_POLICY } from '../../shared/domain/alerts/incident';

const KEYS = ['alertUpdateHours', 'alertDailyBudget'] as const;

describe('ALERT_UPDATE_HOURS / ALERT_DAILY_BUDGET', () => {
  it('default to 6 hours and 5 emails when unset or empty', () => {
    expect(loadEnv(KEYS, {})).toEqual({ alertUpdateHours: 6, alertDailyBudget: 5 });
    expect(loadEnv(KEYS, { ALERT_UPDATE_HOURS: '', ALERT_DAILY_BUDGET: '' })).toEqual({ alertUpdateHours: 6, alertDailyBudget: 5 });
  });

  it('take fractional hours and a whole budget', () => {
    expect(loadEnv(KEYS, { ALERT_UPDATE_HOURS: '0.5', ALERT_DAILY_BUDGET: '12' })).toEqual({ alertUpdateHours: 0.5, alertDailyBudget: 12 });
  });

  it.each([
    ['0', '5', /ALERT_UPDATE_HOURS: must be a number of hours greater than 0, e\.g\. 6$/],
    ['-3', '5', /ALERT_UPDATE_HOURS: must be a number of hours greater than 0/],
    ['six', '5', /ALERT_UPDATE_HOURS: must be a number of hours greater than 0/],
    ['Infinity', '5', /ALERT_UPDATE_HOURS: must be a number of hours greater than 0/],
    ['6', '0', /ALERT_DAILY_BUDGET: must be a whole number of emails, at least 1, e\.g\. 5$/],
    ['6', '2.5', /ALERT_DAILY_BUDGET: must be a whole number of emails, at least 1/],
    ['6', 'lots', /ALERT_DAILY_BUDGET: must be a whole number of emails, at least 1/],
  ])('refuse ALERT_UPDATE_HOURS=%s ALERT_DAILY_BUDGET=%s, naming the variable and what to set', (hours, budget, message) => {
    const load = () => loadEnv(KEYS, { ALERT_UPDATE_HOURS: hours, ALERT_DAILY_BUDGET: budget });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(message);
  });
});

describe('incidentPolicyFromEnv', () => {
  it('takes the update interval and the daily budget from the environment, the recovery hysteresis from the domain', () => {
    const policy = incidentPolicyFromEnv(loadEnv(KEYS, { ALERT_UPDATE_HOURS: '3', ALERT_DAILY_BUDGET: '2' }));
    expect(policy).toEqual({ ...DEFAULT_INCIDENT_POLICY, updateHours: 3, dailyBudget: 2 });
    expect(incidentPolicyFromEnv(loadEnv(KEYS, {}))).toEqual(DEFAULT_INCIDENT_POLICY);
  });
});
