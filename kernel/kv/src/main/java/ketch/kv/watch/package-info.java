/**
 * The watch hub: watchers over key ranges fed by the state machine's apply events, with history
 * replay and bounded buffers. Single-threaded and deterministic; the node drives it.
 */
package ketch.kv.watch;
