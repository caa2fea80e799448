/**
 * The name in `names` nearest to `name` by edit distance, ignoring case, when it is near enough to be a typo: at
 * most a third of the name's length in edits, and never more than 3. Undefined when none is that near. What the
 * SDK's unknown-option messages suggest ("`baseURL`: did you mean `baseUrl`?").
 *
 * @example
 * closestName('baseURL', ['baseUrl', 'timeoutMs']); // 'baseUrl'
 * closestName('colour', ['endpoint', 'consent']); // undefined
 */
export function closestName(name: string, names: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
