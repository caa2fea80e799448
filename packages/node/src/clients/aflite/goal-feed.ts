import type { AfliteGoalRecord } from './types';

/*
 * Aflite's goal retrieval feed answers XML whose schema is not published. This reader is lenient
 * on purpose: it takes every `<goal>` element (any case, with or without attributes), reads the
 * child elements it knows under a few likely spellings, and ignores everything else. The testkit's
 * fake answers `<goals><goal><mref/><goalid/><value/><clickSessionID/>…</goal></goals>`.
 */

const GOAL_BLOCK = /<goal(?:\s[^>]*)?>([\s\S]*?)<\/goal>/gi;

const FIELDS = {
  merchantRef: ['mref', 'merchantref', 'merchant_ref', 'merchantreference'],
  goalId: ['goalid', 'goal_id'],
  value: ['value', 'amount'],
  clickSessionId: ['clicksessionid', 'click_session_id', 'clickid'],
} as const;

/**
 * The goal with reference `merchantRef` in a feed, or `undefined` when the feed has none.
 * A goal without an `mref` element is no match: only a goal that names the reference proves it was recorded.
 *
 * @example
 * parseGoalFeed('<goals><goal><mref>order-1</mref><value>10.99</value></goal></goals>', 'order-1');
 */
export function parseGoalFeed(xml: string, merchantRef: string): AfliteGoalRecord | undefined {
  for (const match of xml.matchAll(GOAL_BLOCK)) {
    const inner = match[1] ?? '';
    const children = readChildren(inner);
    const ref = pick(children, FIELDS.merchantRef);
    if (ref !== merchantRef) continue;
    const record: AfliteGoalRecord = { merchantRef, raw: match[0] };
    const goalId = pick(children, FIELDS.goalId);
    const value = pick(children, FIELDS.value);
    const clickSessionId = pick(children, FIELDS.clickSessionId);
    if (goalId !== undefined) record.goalId = goalId;
    if (value !== undefined) record.value = value;
    if (clickSessionId !== undefined) record.clickSessionId = clickSessionId;
    return record;
  }
  return undefined;
}

function readChildren(inner: string): Map<string, string> {
  const children = new Map<string, string>();
  for (const [, name, content] of inner.matchAll(/<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>([\s\S]*?)<\/\1>/g)) {
    const key = (name ?? '').toLowerCase();
    if (!children.has(key)) children.set(key, decodeXml(content ?? '').trim());
  }
  return children;
}

function pick(children: Map<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = children.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(text);
  if (cdata) return cdata[1] ?? '';
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return ENTITIES[code.toLowerCase()] ?? entity;
  });
}
