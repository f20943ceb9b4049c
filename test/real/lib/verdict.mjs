/**
 * What a result means against apps.json. In CI an app fails the run only when its result
 * contradicts the list: an `answers` app that does not answer (all checks) and has no `known`
 * entry, a `refused` app that is not refused with its exit code and a message matching `message`. A `known` app that now passes
 * is reported as fixed, so that the entry is removed, and does not fail the run.
 */

/** answers | refused | fails | skipped, with the first failing step when it fails. */
export function outcome(ours) {
  if (ours.skipped !== undefined) return { outcome: 'skipped', why: ours.skipped };
  if (ours.checks.generated !== true && ours.exitCode !== undefined && ours.exitCode !== 0) return { outcome: 'refused', exitCode: ours.exitCode, why: ours.message };
  if (ours.failures.length === 0) return { outcome: 'answers' };
  return { outcome: 'fails', step: ours.failures[0].step, why: ours.failures[0].detail };
}

export function verdict(app, ours) {
  const seen = outcome(ours);
  if (seen.outcome === 'skipped') return { verdict: 'skipped', ...seen };
  // A refusal must also name the change that makes the app servable (`message`, a pattern).
  const namesTheFix = app.message === undefined || new RegExp(app.message, 'i').test(String(seen.why));
  const asExpected = app.expect === 'refused' ? seen.outcome === 'refused' && seen.exitCode === app.exit && namesTheFix : seen.outcome === 'answers';
  if (asExpected) return { verdict: app.known === undefined ? 'passed' : 'fixed', ...seen };
  return { verdict: app.known === undefined ? 'failed' : 'known', ...seen };
}

const LABEL = {
  passed: 'pass',
  failed: 'FAIL',
  known: 'known',
  fixed: 'fixed: remove the known entry',
  skipped: 'skipped',
};

export function describe(app, v) {
  const what = v.outcome === 'refused' ? `refused (exit ${v.exitCode})` : v.outcome === 'fails' ? `fails at ${v.step}` : v.outcome;
  const known = app.known === undefined ? '' : ` [issue #${app.known.issue}: ${app.known.why}]`;
  const why = v.verdict === 'passed' || v.why === undefined ? '' : `\n      ${String(v.why).split('\n').slice(0, 8).join('\n      ')}`;
  const expected = app.expect === 'refused' ? `refused with exit ${app.exit}${app.message === undefined ? '' : ` naming /${app.message}/`}` : 'answers';
  return `${LABEL[v.verdict]} ${app.name}: ${what} (expected ${expected})${known}${why}`;
}
