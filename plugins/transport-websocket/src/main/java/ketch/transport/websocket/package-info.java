/**
 * Raft messages between peers over WebSocket (Java-WebSocket): each member dials one connection
 * to {@code ws://host:port/ketch/raft} of each peer and sends it binary frames; accepted
 * connections only receive. The upgrade request names both ends; each binary frame holds one or
 * more length + CRC32C + {@link ketch.api.raft.MessageCodec} records.
 */
package ketch.transport.websocket;
