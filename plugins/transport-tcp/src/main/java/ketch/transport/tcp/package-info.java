/**
 * Raft messages between peers over TCP with Netty: one dialed connection per peer carries this
 * member's messages to it; accepted connections only receive. Frames are a 4-byte length, a
 * CRC32C and the {@link ketch.api.raft.MessageCodec} bytes; each connection opens with a hello
 * frame naming both ends.
 */
package ketch.transport.tcp;
