/** Benchmark programs of the Raft core alone (main methods that print figures, not tests). */
package ketch.raft.bench;
