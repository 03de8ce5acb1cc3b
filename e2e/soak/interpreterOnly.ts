/**
 * V8 flags for the soak test's Chromium: JavaScript runs in the interpreter (Ignition) only, without the baseline
 * compiler (Sparkplug) or the optimising ones (Maglev, TurboFan). WebAssembly (onnxruntime's kernels) has its own
 * tiers and flags, and is compiled as before.
 *
 * Why: with them on, a long session's JS heap grows by the machine code they add, not by anything the page keeps.
 * Heap snapshots of the soak's page after its 20th and 50th evaluations (forced GC before each) showed the whole
 * growth, +0.58 MB, was of type "code": +333 KB of machine code (InstructionStream) and its tables, for +136
 * functions newly given Sparkplug code and +154 newly optimised; every one of them was a function of the app's own
 * scripts (React's and recharts' chunks mostly) that already existed, with bytecode, at the 20th evaluation. The
 * bytecode itself was unchanged (2 335 arrays, the same bytes), no script was added, and the page's objects grew
 * +15 KB. Functions that run a few times an evaluation cross V8's tier-up thresholds one after another as the
 * session goes on, so that code grows (about 0.12 MB every 10 evaluations at first) until every function that runs
 * has its baseline and optimised versions: a cache bounded by the app's code, not a leak. Traced over 220
 * evaluations, the code went 5.65 → 6.60 MB from the 30th to the 110th and only → 6.90 MB by the 220th, while the
 * rest of the heap stayed at 4.9–5.0 MB. The test harness's own polls (the same calls, no evaluation) added 28 KB
 * over the 20th–50th span.
 *
 * In the interpreter only, the same 30 evaluations moved the heap 6.97 → 6.98 MB in one run and → 7.03 MB in
 * another (its "code", +20 kB, was feedback vectors and inline caches, which the interpreter makes too); the
 * harness's polls alone moved it by 0 bytes, and traced over 270 evaluations it stayed at 6.6–6.7 MB. What is left
 * to measure is the page's objects and bytecode, so the bound (the whole JS heap after the last evaluation
 * within 10 % of the heap after the tenth) catches the page's leaks and nothing else. Checked: keeping every
 * evaluation and 1 000 small objects with it (StatusBar, for one run) made the soak fail, 7.3 → 10.3 MB (+41 %).
 */
export const V8_INTERPRETER_ONLY = '--js-flags=--no-sparkplug --no-maglev --no-turbofan';
