// What the theme's scripts share: small DOM and request helpers. An ES
// module, loaded by the others with `import`; no bundler, no build step.

/** A new element with an optional class and text (never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/**
 * Keeps only the latest of overlapping requests: each call of the returned
 * function starts one and returns a check that stays true until the next
 * starts, so a slow answer to an old query never overwrites a newer one.
 */
export function latestOnly() {
  let asked = 0;
  return () => {
    const mine = ++asked;
    return () => mine === asked;
  };
}

/** POSTs `data` as JSON; resolves with the response, rejects unless it is 2xx. */
export async function postJSON(url, data, init = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(data),
    ...init,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response;
}
