/**
 * The persistent KV backend: how the state machine's changes are written to a
 * {@link ketch.api.spi.KvBackend} (buckets, records, sync policy) and how a node starts from it.
 */
package ketch.node.backend;
