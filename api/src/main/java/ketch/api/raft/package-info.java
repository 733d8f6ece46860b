/** Raft's vocabulary shared with log stores and transports: entries, hard state, snapshots, messages, codecs. */
package ketch.api.raft;
