package ketch.distribution.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Ketch member started from the built image ({@code distribution/target/ketch/bin/ketch}) as a
 * real process, with its output in a log file, on ports chosen free for each test.
 */
final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int clientPort;

    private NodeProcess(Process process, Path log, int clientPort) {
        this.process = process;
        this.log = log;
        this.clientPort = clientPort;
    }

    /** The image's launcher; built by {@code mvn package}, path passed by failsafe. */
    static Path launcher() {
        String image = System.getProperty("ketch.image", "target/ketch");
        Path bin = Path.of(image, "bin", "ketch");
        if (!Files.isExecutable(bin)) throw new IllegalStateException("no image at " + bin + ": run the package phase first");
        return bin;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the image in {@code workDir} with {@code args}; java is NOT on the child's PATH. */
    static NodeProcess start(Path workDir, int clientPort, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toAbsolutePath().toString());
        command.addAll(args);
        Path log = Files.createTempFile(workDir, "node", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ETCD_") || k.equals("JAVA_HOME"));
        env.put("PATH", "/usr/bin:/bin"); // no JDK: the image must bring its own runtime
        return new NodeProcess(pb.start(), log, clientPort);
    }

    /** Runs the image to completion (for commands that exit, such as a refused config). */
    static Result run(Path workDir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD_") || k.equals("JAVA_HOME"));
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), output);
    }

    record Result(int exitCode, String output) {}

    /** Waits until the client port answers a put-free request; returns the elapsed time. */
    Duration awaitServing(Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + output());
            try {
                HttpResponse<String> r = post("/v3/kv/range", "{\"key\":\"AA==\"}");
                if (r.statusCode() == 200) return Duration.ofNanos(System.nanoTime() - start);
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException("node not serving after " + timeout + ":\n" + output());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clientPort + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    int clientPort() {
        return clientPort;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The member id this process last logged as leader ("leader is now <hex>"), or empty. */
    java.util.Optional<String> lastLeaderSeen() {
        String out = output();
        int at = out.lastIndexOf("leader is now ");
        if (at < 0) return java.util.Optional.empty();
        String rest = out.substring(at + "leader is now ".length());
        return java.util.Optional.of(rest.substring(0, rest.indexOf(' ')));
    }

    /** Whether this process's latest leadership log line says it leads. */
    boolean leads() {
        String out = output();
        int at = out.lastIndexOf("leader is now ");
        return at >= 0 && out.indexOf("(this member is LEADER)", at) > 0 && out.indexOf('\n', at) > out.indexOf("(this member is LEADER)", at);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly); // in case a wrapper did not exec
        process.destroyForcibly();
        process.waitFor();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) kill();
        }
    }
}
