package ketch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void defaultsAreEtcdBenchmarks() {
        CommandLine.Invocation inv = CommandLine.parse("put");
        assertEquals(List.of(new Endpoint("127.0.0.1", 2379)), inv.global().endpoints());
        assertEquals(1, inv.global().conns());
        assertEquals(1, inv.global().clients());
        assertEquals(new BenchCommand.Put(10000, 8, 8, 1, false, 0), inv.command());
    }

    @Test
    void globalFlagsGoBeforeOrAfterTheCommandInBothSpellings() {
        CommandLine.Invocation inv = CommandLine.parse("--endpoints", "http://10.0.0.1:2379,127.0.0.1:22379",
                "--conns=4", "put", "--clients", "100", "--total=500", "--key-size", "16", "--val-size=256",
                "--key-space-size", "1000", "--sequential-keys", "--rate", "50");
        assertEquals(List.of(new Endpoint("10.0.0.1", 2379), new Endpoint("127.0.0.1", 22379)), inv.global().endpoints());
        assertEquals(4, inv.global().conns());
        assertEquals(100, inv.global().clients());
        assertEquals(new BenchCommand.Put(500, 16, 256, 1000, true, 50), inv.command());
    }

    @Test
    void rangeTakesKeyAndOptionalEnd() {
        assertEquals(new BenchCommand.Range("foo", Optional.empty(), true, 10000, 0, 0, false),
                CommandLine.parse("range", "foo").command());
        assertEquals(new BenchCommand.Range("a", Optional.of("z"), false, 20, 0, 5, true),
                CommandLine.parse("range", "a", "z", "--consistency", "s", "--total", "20", "--limit", "5",
                        "--count-only").command());
    }

    @Test
    void otherCommandsAndTheirDefaults() {
        assertEquals(new BenchCommand.TxnPut(10000, 8, 8, 4, 2, 0),
                CommandLine.parse("txn-put", "--txn-ops", "2", "--key-space-size", "4").command());
        assertEquals(new BenchCommand.Watch(10, 100, 1, 1000, 0, 32, false), CommandLine.parse("watch").command());
        assertEquals(new BenchCommand.WatchLatency(1000, 100, 10, 10, 32, 32), CommandLine.parse("watch-latency").command());
        assertEquals(new BenchCommand.LeaseKeepalive(7), CommandLine.parse("lease-keepalive", "--total=7").command());
    }

    @Test
    void badInputNamesTheValueAndWhatWasExpected() {
        assertMessage("unknown flag: --totl", "put", "--totl", "5");
        assertMessage("invalid argument \"ten\" for \"--total\" flag: expected an integer", "put", "--total", "ten");
        assertMessage("flag needs an argument: --total", "put", "--total");
        assertMessage("expected positive --key-space-size, got (0)", "put", "--key-space-size", "0");
        assertMessage("expected positive --clients, got (-1)", "--clients=-1", "put");
        assertMessage("unknown command \"get\"", "get");
        assertMessage("no sub-command given", "--conns", "2");
        assertMessage("range needs KEY [END]; got 0 arguments", "range");
        assertMessage("--consistency \"x\": expected l (linearizable) or s (serializable)", "range", "k", "--consistency=x");
        assertMessage("expected --txn-ops no larger than --key-space-size, got txn-ops(3) key-space-size(2)",
                "txn-put", "--txn-ops", "3", "--key-space-size", "2");
        assertMessage("endpoint \"https://h:1\": https is not supported", "--endpoints", "https://h:1", "put");
        assertMessage("\"put\" takes no arguments, got \"extra\"", "put", "extra");
        assertMessage("invalid argument \"maybe\" for \"--sequential-keys\" flag", "put", "--sequential-keys=maybe");
        // a flag of another sub-command is unknown here
        assertMessage("unknown flag: --txn-ops (for \"put\")", "put", "--txn-ops", "2");
    }

    @Test
    void mainReportsUsageErrorsWithExitCodeTwo() {
        var err = new java.io.ByteArrayOutputStream();
        int code = Main.run(new String[] {"put", "--total", "x"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("Error: invalid argument \"x\" for \"--total\""), err.toString());
    }

    private static void assertMessage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse(args));
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
