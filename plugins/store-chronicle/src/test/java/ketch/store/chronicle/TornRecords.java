package ketch.store.chronicle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Simulates a write torn by a crash: finds the newest record of a closed queue and zeroes the
 * second half of its bytes in the cycle file, as if those sectors never reached the disk while
 * Chronicle's length header did.
 */
final class TornRecords {
    private TornRecords() {}

    static void tearNewestRecord(Path queueDir) throws IOException {
        Path file;
        long from;
        long to;
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(queueDir).readOnly(true).build();
                ExcerptTailer tailer = q.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) throw new IllegalStateException("no record in " + queueDir);
                long start = dc.wire().bytes().readPosition();
                long end = dc.wire().bytes().readLimit();
                from = start + (end - start) / 2;
                to = end;
                file = tailer.currentFile().toPath();
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((int) (to - from)), from);
            ch.force(true);
        }
    }
}
