import type { FakeAfliteGoal } from './types';

/*
 * FAKE: Aflite's goal retrieval feed answers XML, but its schema is unpublished. This fake answers
 * the simplest shape that says what the client needs; `@affiliate-relay/node` reads it leniently.
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <goals>
 *     <goal><mref>…</mref><goalid>…</goalid><value>…</value><clickSessionID>…</clickSessionID><mid>…</mid><date>…</date></goal>
 *   </goals>
 */

/**
 * @example
 * renderGoalFeed([goal]); // '<?xml …?>\n<goals>\n  <goal>…</goal>\n</goals>\n'
 */
export function renderGoalFeed(goals: readonly FakeAfliteGoal[]): string {
  const items = goals.map(
    (goal) =>
      `  <goal>${element('mref', goal.mref)}${element('goalid', goal.goalid)}${element('value', goal.value)}` +
      `${element('clickSessionID', goal.clickSessionID)}${element('mid', goal.mid)}` +
      `${element('date', new Date(goal.at).toISOString())}</goal>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<goals>\n${items.join('')}</goals>\n`;
}

function element(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The fake's answer to `help=1` (Aflite's own help lists these variables). */
export const AFLITE_HELP_TEXT = `Advanced Tracking API (affiliate-relay testkit fake)
API URL: /data/register/goal (GET or POST)
apikey          Your api key
mid             Merchant ID
clickSessionID  Click ID passed by Aflite to you on each unique click through
goalid          ID of the Goal
mref            Merchant Reference
value           Value of the Goal (e.g. 10.99)
traceOnly       1 or 0 (Optional) will not record goal, data entered into Trace Report
help            1 or 0 (Optional) this help
`;
