package ketch.store.mvstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Simulates a write torn by a crash in an MVStore file: finds the chunk with the highest version
 * (chunks start on a 4 KiB block with a text header {@code chunk:<id>,len:<blocks>,...,version:<v>})
 * and zeroes its second half, footer included, as if those sectors never reached the disk.
 */
final class TornChunks {
    private static final int BLOCK = 4096;

    private TornChunks() {}

    static void tearNewestChunk(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long newestBlock = -1;
            long newestVersion = -1;
            long newestLen = 0;
            ByteBuffer head = ByteBuffer.allocate(512);
            for (long block = 2; block * BLOCK < ch.size(); block++) {
                head.clear();
                ch.read(head, block * BLOCK);
                String text = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
                if (!text.startsWith("chunk:")) continue;
                long version = hexField(text, "version");
                if (version > newestVersion) {
                    newestVersion = version;
                    newestBlock = block;
                    newestLen = hexField(text, "len");
                }
            }
            if (newestBlock < 0) throw new IllegalStateException("no chunk found in " + file);
            long start = newestBlock * BLOCK;
            long end = start + newestLen * BLOCK;
            long from = start + newestLen * BLOCK / 2;
            ch.write(ByteBuffer.allocate((int) (end - from)), from);
            ch.force(true);
        }
    }

    private static long hexField(String header, String name) {
        for (String field : header.split("[,\n]")) {
            if (field.startsWith(name + ":")) return Long.parseLong(field.substring(name.length() + 1).strip(), 16);
        }
        throw new IllegalStateException("chunk header without " + name + ": " + header);
    }
}
