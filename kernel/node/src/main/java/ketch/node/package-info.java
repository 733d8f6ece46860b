/** The node runtime: configuration, plugin loading, and the lanes that drive Raft and apply. */
package ketch.node;
