package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies sent to a real etcd 3.4.23 and what its gateway made of them (etcd-3.4.23-bodies.tsv):
 * the decoder must accept the same ones and refuse the others with the same message.
 */
class CapturedBodiesTest {
    static Stream<Arguments> captured() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                CapturedBodiesTest.class.getResourceAsStream("etcd-3.4.23-bodies.tsv")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                cases.add(Arguments.of(columns[0], columns[1], columns[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("captured")
    void decodesAsEtcdDid(String endpoint, String body, String etcdAnswer) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        KvRequestDecoder decoder = new KvRequestDecoder();
        String ours;
        try {
            switch (endpoint) {
                case "range" -> decoder.range(bytes);
                case "put" -> decoder.put(bytes);
                case "txn" -> decoder.txn(bytes);
                case "compaction" -> decoder.compaction(bytes);
                case "alarm" -> new ServiceRequestDecoder().alarm(bytes);
                default -> throw new IllegalArgumentException("unknown endpoint in the table: " + endpoint);
            }
            ours = "OK";
        } catch (BadJsonException e) {
            ours = e.getMessage();
        }
        assertEquals(etcdAnswer, ours);
    }
}
