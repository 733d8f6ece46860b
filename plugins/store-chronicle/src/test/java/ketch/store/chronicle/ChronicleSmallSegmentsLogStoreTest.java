package ketch.store.chronicle;

import java.io.IOException;
import java.nio.file.Path;
import ketch.api.spi.LogStore;
import ketch.tck.logstore.LogStoreContract;

/**
 * The whole contract again with 64 KiB segments, so the queue rolls every few hundred entries and
 * compaction deletes cycle files under concurrent readers.
 */
class ChronicleSmallSegmentsLogStoreTest extends LogStoreContract {

    @Override
    protected LogStore open(Path dir) {
        return ChronicleLogStore.open(dir, 8L << 20, 64L << 10);
    }

    @Override
    protected void corruptTail(Path dir) throws IOException {
        TornRecords.tearNewestRecord(dir.resolve("queue"));
    }
}
