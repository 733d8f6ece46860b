/** The Raft consensus core: steps messages and ticks, emits Ready batches; no I/O. */
package ketch.raft;
