/**
 * Young-generation cap for the server's worker threads (import threads, row converters). Each
 * thread's heap is one more beside the server's, and V8 lets each young generation grow to 48 MB:
 * a third of that kept the server under 400 MB RSS through imports, at the same speed
 * (docs/benchmarks.md, 2026-12-06 22:23–23:04).
 */
export const THREAD_YOUNG_GENERATION_MB = 16;
