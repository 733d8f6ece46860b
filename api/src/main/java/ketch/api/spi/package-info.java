/**
 * The service provider interfaces plugins implement: log stores, transports and front ends,
 * each found by ServiceLoader and selected by its {@code type} in node.yaml.
 */
package ketch.api.spi;
