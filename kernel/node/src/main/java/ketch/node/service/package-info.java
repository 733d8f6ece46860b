/** The client-facing services (KvService) implemented over Raft and the kv state machine. */
package ketch.node.service;
