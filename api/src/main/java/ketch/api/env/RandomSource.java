package ketch.api.env;

import java.util.SplittableRandom;

/**
 * A per-node source of randomness. Consensus code takes one of these instead of a global random
 * generator, so a seed reproduces a run exactly.
 */
public interface RandomSource {
    /** A uniformly distributed int in [0, bound). */
    int nextInt(int bound);

    long nextLong();

    /** A deterministic source for {@code seed}. */
    static RandomSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new RandomSource() {
            @Override
            public int nextInt(int bound) {
                return random.nextInt(bound);
            }

            @Override
            public long nextLong() {
                return random.nextLong();
            }
        };
    }
}
