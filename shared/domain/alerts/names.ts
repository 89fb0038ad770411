/** Display names, in the two languages alerts and digests are written in. */
import type { DepartmentsConfig } from '../departments/schema';
import type { Scope } from '../scores';

export interface Names {
  en: string;
  fr: string;
}

/** Display names of a scope from the configuration: departments and journeys by name, pairs "A × B". */
export function scopeNames(scope: Scope, config: DepartmentsConfig): Names {
  const dept = (id: string): Names => config.departments.find((d) => d.id === id)?.names ?? { en: id, fr: id };
  if (scope.kind === 'dept') return dept(scope.id);
  if (scope.kind === 'journey') return config.journeys.find((j) => j.id === scope.id)?.names ?? { en: scope.id, fr: scope.id };
  const [a = '', b = ''] = scope.id.split('+');
  return { en: `${dept(a).en} × ${dept(b).en}`, fr: `${dept(a).fr} × ${dept(b).fr}` };
}
