/**
 * The {@link ketch.api.spi.Transport} contract suite: a transport's test class extends
 * {@link ketch.tck.transport.TransportContract}. Real sockets, bounded waits
 * ({@link ketch.tck.transport.Patience}), no fixed sleeps.
 */
package ketch.tck.transport;
