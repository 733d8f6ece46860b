package ketch.store.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Puts an LMDB environment in the state a crash leaves between the two steps of a commit: the
 * new pages are written and fsynced, the new meta page is not. It copies the older of the two
 * meta pages over the newer one, so the newest commit's pages are still in the file but nothing
 * points at them. Layout of LMDB 0.9 on a 64-bit little-endian machine: a 16-byte page header,
 * then the meta (magic at 16, the page size in the free DB's pad at 40, the transaction id at 144,
 * 152 bytes in all).
 */
final class TornCommit {
    private static final int META_FROM = 16;
    private static final int META_TO = 152;
    private static final int MAGIC = 0xBEEFC0DE;

    private TornCommit() {}

    static void dropNewestMetaWrite(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("data.mdb"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer first = read(ch, 0, META_TO);
            int pageSize = first.getInt(40);
            ByteBuffer second = read(ch, pageSize, META_TO);
            for (ByteBuffer meta : new ByteBuffer[] {first, second}) {
                if (meta.getInt(META_FROM) != MAGIC) throw new IllegalStateException("not an LMDB 0.9 meta page in " + dir);
            }
            boolean firstIsNewer = first.getLong(144) > second.getLong(144);
            ByteBuffer older = (firstIsNewer ? second : first).position(META_FROM).limit(META_TO);
            ch.write(older, (firstIsNewer ? 0 : pageSize) + META_FROM);
            ch.force(true);
        }
    }

    private static ByteBuffer read(FileChannel ch, long offset, int bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) throw new IOException("data.mdb ends inside its meta pages");
        }
        return buf.flip();
    }
}
