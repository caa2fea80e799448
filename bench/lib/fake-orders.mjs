// What the fake AvantLink (in the fakes' process) says of the order calls it answered, for the figures
// that send orders: each must reach it exactly once.

/** The order calls the fake answered 200 whose order number starts with `prefix`, and the repeats among them. */
export async function orderCounts(fakes, prefix) {
  const { orderCalls, orderRepeats } = await (
    await fetch(`${fakes.control}/counts?prefix=${encodeURIComponent(prefix)}`)
  ).json();
  return { calls: orderCalls, repeats: orderRepeats };
}

/** Throws unless the fake answered `expected` order calls of `prefix`, none of them a repeat. */
export async function expectEachOrderOnce(fakes, prefix, expected, what) {
  const { calls, repeats } = await orderCounts(fakes, prefix);
  if (calls !== expected || repeats !== 0) {
    throw new Error(
      `${what}: the fake answered ${calls} order calls (${repeats} repeats) for ${expected} orders`,
    );
  }
}
