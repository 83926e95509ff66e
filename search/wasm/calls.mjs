// calls.mjs: the calling convention of search/wasm/src/lib.rs for Node, so
// the tools that drive the runtime outside a browser (compare.mjs, the
// search benchmark) share one copy. The browser's is portico-search.js.
//
// Inputs are copied into memory from alloc(); the answer is in the output
// buffer; a negative length means the answer is an error message.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Instantiates the module in `bytes`; returns `call(name, inputs, before,
 * after)`, which passes `before`, then each input as (pointer, length), then
 * `after`, and returns the answer or throws its error. */
export async function searchRuntime(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const ex = instance.exports;
  return (name, inputs, before = [], after = []) => {
    const args = [...before];
    for (const input of inputs) {
      const b = typeof input === "string" ? encoder.encode(input) : input;
      const ptr = ex.alloc(b.length);
      new Uint8Array(ex.memory.buffer, ptr, b.length).set(b);
      args.push(ptr, b.length);
    }
    const n = ex[name](...args, ...after);
    const out = decoder.decode(new Uint8Array(ex.memory.buffer, ex.output_ptr(), Math.abs(n)));
    if (n < 0) throw new Error(out);
    return out;
  };
}
