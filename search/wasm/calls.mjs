// calls.mjs: the search runtime for Node, so the tools that drive it outside
// a browser (compare.mjs, the search benchmark) call it as the browser does:
// the calling convention is the theme's own (search-calls.mjs).

import { caller } from "../../themes/default/static/assets/search-calls.mjs";

/** Instantiates the module in `bytes`; returns `call(name, inputs, before,
 * after)` (see search-calls.mjs). */
export async function searchRuntime(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return caller(instance.exports);
}
