package ketch.tck.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Histories generated from a real sequential execution (each operation takes effect at a random
 * point inside its interval) must pass; corrupting one read must fail. Small random histories
 * are cross-checked against a brute-force search over every real-time-respecting order.
 */
class RandomizedHistoryTest {

    private static final List<String> KEYS = List.of("a", "b", "c");

    private record Timed(Operation<RegisterInput, RegisterOutput> op, long effectTime, boolean takesEffect) {}

    /** Concurrent clients; outputs come from executing every effective operation in effect-time order. */
    static List<Operation<RegisterInput, RegisterOutput>> generate(SplittableRandom random, int clients, int opsPerClient) {
        List<Timed> planned = new ArrayList<>();
        int values = 0;
        for (int c = 0; c < clients; c++) {
            long now = random.nextLong(5);
            for (int i = 0; i < opsPerClient; i++) {
                long call = now + random.nextLong(1, 10);
                long effect = call + random.nextLong(0, 20);
                long ret = effect + random.nextLong(0, 20);
                String key = KEYS.get(random.nextInt(KEYS.size()));
                RegisterInput input = switch (random.nextInt(3)) {
                    case 0 -> new RegisterInput.Write(key, "v" + values++);
                    case 1 -> new RegisterInput.Read(key);
                    default -> new RegisterInput.Cas(key,
                            random.nextInt(4) == 0 ? Optional.empty() : Optional.of("v" + random.nextInt(values + 1)),
                            "v" + values++);
                };
                boolean crashed = random.nextInt(20) == 0;
                if (crashed) {
                    // A client that never hears back stops issuing; its operation may or may not take effect.
                    planned.add(new Timed(Operation.pending(c, call, input), effect, random.nextBoolean()));
                    break;
                }
                planned.add(new Timed(Operation.completed(c, call, ret, input, RegisterOutput.written()), effect, true));
                now = ret;
            }
        }
        planned.sort(Comparator.comparingLong(Timed::effectTime));
        Map<String, String> registers = new HashMap<>(); // lookups only
        List<Operation<RegisterInput, RegisterOutput>> history = new ArrayList<>();
        for (Timed t : planned) {
            Operation<RegisterInput, RegisterOutput> op = t.op();
            RegisterOutput output = RegisterOutput.written();
            if (t.takesEffect()) {
                switch (op.input()) {
                    case RegisterInput.Write w -> registers.put(w.key(), w.value());
                    case RegisterInput.Read r -> output = new RegisterOutput.ReadValue(Optional.ofNullable(registers.get(r.key())));
                    case RegisterInput.Cas cas -> {
                        boolean swaps = cas.expected().equals(Optional.ofNullable(registers.get(cas.key())));
                        if (swaps) registers.put(cas.key(), cas.value());
                        output = RegisterOutput.cas(swaps);
                    }
                }
            }
            history.add(op.isPending() ? op
                    : Operation.completed(op.clientId(), op.callTime(), op.returnTime().getAsLong(), op.input(), output));
        }
        history.sort(Comparator.comparingLong(Operation::callTime));
        return history;
    }

    @Test
    void historiesFromRealExecutionsAreLinearizableAndACorruptedReadIsNot() {
        int corrupted = 0;
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Operation<RegisterInput, RegisterOutput>> history = generate(random, 2 + random.nextInt(5), 5 + random.nextInt(30));
            CheckResult<RegisterInput, RegisterOutput> result = LinearizabilityChecker.check(RegisterModel.INSTANCE, history);
            assertTrue(result.isLinearizable(), "seed " + seed + ": " + result);

            List<Integer> reads = new ArrayList<>();
            for (int i = 0; i < history.size(); i++) {
                if (!history.get(i).isPending() && history.get(i).input() instanceof RegisterInput.Read) reads.add(i);
            }
            if (reads.isEmpty()) continue;
            int victim = reads.get(random.nextInt(reads.size()));
            Operation<RegisterInput, RegisterOutput> read = history.get(victim);
            List<Operation<RegisterInput, RegisterOutput>> bad = new ArrayList<>(history);
            bad.set(victim, Operation.completed(read.clientId(), read.callTime(), read.returnTime().getAsLong(), read.input(),
                    RegisterOutput.read("never-written")));
            var violation = assertInstanceOf(CheckResult.NotLinearizable.class,
                    LinearizabilityChecker.check(RegisterModel.INSTANCE, bad), "seed " + seed);
            assertTrue(violation.operations().contains(bad.get(victim)), "seed " + seed + ": " + violation.explanation());
            corrupted++;
        }
        assertTrue(corrupted > 250, "too few histories had a read to corrupt: " + corrupted);
    }

    @Test
    void agreesWithBruteForceOnSmallRandomHistories() {
        int linearizable = 0;
        int violations = 0;
        for (long seed = 0; seed < 3000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Operation<RegisterInput, RegisterOutput>> history = randomSmallHistory(random);
            boolean expected = BruteForce.linearizable(history);
            CheckResult<RegisterInput, RegisterOutput> result = LinearizabilityChecker.check(RegisterModel.INSTANCE, history);
            assertEquals(expected, result.isLinearizable(), "seed " + seed + ": " + history + " -> " + result);
            if (!expected) {
                var witness = assertInstanceOf(CheckResult.NotLinearizable.class, result);
                assertTrue(!BruteForce.linearizable(truncatedWitness(witness)), "witness must fail alone, seed " + seed);
                violations++;
            } else {
                linearizable++;
            }
        }
        assertTrue(linearizable > 300 && violations > 300, linearizable + " linearizable, " + violations + " violations");
    }

    /** The witness as the checker judged it: operations still running at the cut count as never returned. */
    private static List<Operation<RegisterInput, RegisterOutput>> truncatedWitness(
            CheckResult.NotLinearizable<RegisterInput, RegisterOutput> witness) {
        long cut = witness.operations().stream().filter(op -> !op.isPending())
                .mapToLong(op -> op.returnTime().getAsLong()).filter(t -> witness.explanation().contains("cut at time " + t + ";"))
                .findFirst().orElse(Long.MAX_VALUE);
        return witness.operations().stream()
                .map(op -> op.returnTimeOrInfinity() > cut ? Operation.<RegisterInput, RegisterOutput>pending(op.clientId(), op.callTime(), op.input()) : op)
                .toList();
    }

    /** Up to 7 operations on 2 registers with random intervals and random (often wrong) outputs. */
    private static List<Operation<RegisterInput, RegisterOutput>> randomSmallHistory(SplittableRandom random) {
        int n = 1 + random.nextInt(7);
        List<Operation<RegisterInput, RegisterOutput>> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long call = random.nextLong(12);
            long ret = call + random.nextLong(6);
            String key = random.nextInt(3) == 0 ? "b" : "a";
            String value = "v" + random.nextInt(3);
            Optional<String> maybe = random.nextInt(3) == 0 ? Optional.empty() : Optional.of("v" + random.nextInt(3));
            RegisterInput input = switch (random.nextInt(3)) {
                case 0 -> new RegisterInput.Write(key, value);
                case 1 -> new RegisterInput.Read(key);
                default -> new RegisterInput.Cas(key, maybe, value);
            };
            if (random.nextInt(8) == 0) {
                ops.add(Operation.pending(i, call, input));
                continue;
            }
            RegisterOutput output = switch (input) {
                case RegisterInput.Write w -> RegisterOutput.written();
                case RegisterInput.Read r -> new RegisterOutput.ReadValue(maybe);
                case RegisterInput.Cas c -> RegisterOutput.cas(random.nextBoolean());
            };
            ops.add(Operation.completed(i, call, ret, input, output));
        }
        return ops;
    }
}
