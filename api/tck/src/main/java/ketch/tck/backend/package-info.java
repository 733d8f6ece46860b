/** The {@link ketch.api.spi.KvBackend} contract every persistent backend passes. */
package ketch.tck.backend;
