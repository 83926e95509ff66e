// The calling convention of the search runtime (search/wasm/src/lib.rs),
// once for the browser (portico-search.js) and for Node (search/wasm/calls.mjs:
// compare.mjs and the search benchmark); `.mjs` so Node loads it as a module.
//
// Inputs are copied into memory from alloc(); the answer is in the output
// buffer; a negative length means the answer is an error message.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `call(name, inputs, before, after)` over a runtime's exports: passes
 * `before`, then each input (string or bytes) as (pointer, length), then
 * `after`, and returns the answer or throws its error. */
export function caller(ex) {
  return (name, inputs, before = [], after = []) => {
    const args = [...before];
    for (const input of inputs) {
      const bytes = typeof input === "string" ? encoder.encode(input) : input;
      const ptr = ex.alloc(bytes.length);
      new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
      args.push(ptr, bytes.length);
    }
    const n = ex[name](...args, ...after);
    const out = decoder.decode(new Uint8Array(ex.memory.buffer, ex.output_ptr(), Math.abs(n)));
    if (n < 0) throw new Error(out);
    return out;
  };
}
