/**
 * The {@link ketch.api.spi.LogStore} contract suite: a store's test class extends
 * {@link ketch.tck.logstore.LogStoreContract}; {@link ketch.tck.logstore.CrashHarness} kills a child
 * JVM that writes through the store and checks what survives; {@link ketch.tck.logstore.LogStoreBenchmark}
 * prints a store's throughput figures.
 */
package ketch.tck.logstore;
