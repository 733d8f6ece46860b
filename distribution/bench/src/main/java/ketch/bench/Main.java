package ketch.bench;

import java.io.IOException;
import java.io.PrintStream;

/** ketch-bench's entry point: parse, run one sub-command, print etcd benchmark's report. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one invocation. Exit codes: 0 done (even with failed requests, which the report lists),
     * 1 the run could not be carried out, 2 a bad command line.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(CommandLine.usage());
            return args.length == 0 ? 2 : 0;
        }
        CommandLine.Invocation invocation;
        try {
            invocation = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            err.println("Run 'ketch-bench --help' for usage.");
            return 2;
        }
        try {
            execute(invocation, out);
            return 0;
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Error: interrupted");
            return 1;
        }
    }

    private static void execute(CommandLine.Invocation invocation, PrintStream out)
            throws IOException, InterruptedException {
        CommandLine.Global global = invocation.global();
        switch (invocation.command()) {
            case BenchCommand.Put put -> out.println(UnaryBenchmarks.put(global, put).report());
            case BenchCommand.Range range -> out.print(UnaryBenchmarks.range(global, range, out).report());
            case BenchCommand.TxnPut txn -> out.println(UnaryBenchmarks.txnPut(global, txn).report());
            case BenchCommand.LeaseKeepalive lease -> out.print(UnaryBenchmarks.leaseKeepalive(global, lease).report());
            case BenchCommand.Watch watch -> WatchBenchmarks.watch(global, watch, out);
            case BenchCommand.WatchLatency latency -> WatchBenchmarks.watchLatency(global, latency, out);
        }
    }
}
