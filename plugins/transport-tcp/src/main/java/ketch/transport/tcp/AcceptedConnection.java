package ketch.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.raft.Message;
import ketch.api.raft.MessageCodec;
import ketch.api.spi.Transport;

/**
 * The receiving end of a connection a peer dialed: the first frame must be a hello addressed to
 * this member in this member's cluster, every later frame one message from that peer to this member. Anything else closes
 * the connection with a logged reason; the dialer reconnects if it was an honest glitch.
 */
final class AcceptedConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(AcceptedConnection.class.getName());

    private final long memberId;
    private final long clusterId;
    private final Duration helloTimeout;
    private final Transport.Inbound inbound;
    private long peerId; // 0 until the hello arrived
    private boolean refused;
    private ScheduledFuture<?> helloDeadline;

    /** {@code clusterId} 0 accepts a hello of any cluster (this member does not know its own yet). */
    AcceptedConnection(long memberId, long clusterId, Duration helloTimeout, Transport.Inbound inbound) {
        this.memberId = memberId;
        this.clusterId = clusterId;
        this.helloTimeout = helloTimeout;
        this.inbound = inbound;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        helloDeadline = ctx.executor().schedule(
                () -> {
                    if (peerId == 0) refuse(ctx, "no hello within " + helloTimeout.toMillis() + " ms");
                },
                helloTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (helloDeadline != null) helloDeadline.cancel(false);
        if (peerId != 0) LOG.fine(() -> "member " + hex(memberId) + ": inbound connection from member " + hex(peerId) + " closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (refused) return; // frames already split off before the close took effect
            ByteBuffer payload = Frames.payload(frame);
            if (peerId == 0) {
                acceptHello(ctx, Hello.decode(payload));
            } else {
                deliver(ctx, payload);
            }
        } catch (IllegalArgumentException e) {
            refuse(ctx, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void acceptHello(ChannelHandlerContext ctx, Hello hello) {
        if (hello.to() != memberId) {
            refuse(ctx, "hello from member " + hex(hello.from()) + " is addressed to member " + hex(hello.to()) + ", this is member " + hex(memberId));
            return;
        }
        if (hello.from() == memberId) {
            refuse(ctx, "hello claims to come from this member " + hex(memberId));
            return;
        }
        if (clusterId != 0 && hello.clusterId() != 0 && hello.clusterId() != clusterId) {
            // etcd's words, so operators searching the logs find the same cause
            refuse(ctx, "request cluster ID mismatch: member " + hex(hello.from()) + " is in cluster " + hex(hello.clusterId())
                    + ", this member is in cluster " + hex(clusterId) + " (a different initial-cluster or initial-cluster-token?)");
            return;
        }
        peerId = hello.from();
        helloDeadline.cancel(false);
        LOG.fine(() -> "member " + hex(memberId) + ": accepted connection from member " + hex(peerId) + " at " + ctx.channel().remoteAddress());
    }

    private void deliver(ChannelHandlerContext ctx, ByteBuffer payload) {
        Message m = MessageCodec.decode(payload);
        if (payload.hasRemaining()) {
            refuse(ctx, "message " + m.getClass().getSimpleName() + " is followed by " + payload.remaining() + " unread bytes in its frame");
            return;
        }
        if (m.from() != peerId || m.to() != memberId) {
            refuse(ctx, "message from " + hex(m.from()) + " to " + hex(m.to()) + " on the connection of member " + hex(peerId) + " to " + hex(memberId));
            return;
        }
        try {
            inbound.receive(m);
        } catch (RuntimeException e) {
            // the node's fault, not the peer's: keep the connection
            LOG.log(Level.WARNING, "member " + hex(memberId) + ": the inbound handler failed on " + m.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || PeerSecurity.isTlsFailure(cause)) {
            LOG.fine(() -> "member " + hex(memberId) + ": inbound connection from " + ctx.channel().remoteAddress() + " failed: " + cause);
            ctx.close();
        } else {
            // TooLongFrameException, CorruptedFrameException: the stream cannot be trusted any more
            refuse(ctx, cause.toString());
        }
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (refused) return;
        refused = true;
        LOG.warning(() -> "member " + hex(memberId) + ": closing inbound connection from " + ctx.channel().remoteAddress()
                + (peerId == 0 ? "" : " (member " + hex(peerId) + ")") + ": " + reason);
        ctx.close();
    }

    static String hex(long id) {
        return Long.toUnsignedString(id, 16);
    }
}
