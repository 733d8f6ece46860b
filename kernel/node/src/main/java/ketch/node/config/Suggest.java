package ketch.node.config;

import java.util.Collection;

/** "Did you mean ...?" for typos in keys and plugin types. */
public final class Suggest {
    private Suggest() {}

    /** {@code "; did you mean 'x'?"} when a choice is within a couple of edits, else empty. */
    public static String didYouMean(String given, Collection<String> choices) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String choice : choices) {
            int d = distance(given, choice);
            if (d < bestDistance) {
                bestDistance = d;
                best = choice;
            }
        }
        int allowed = Math.max(2, given.length() / 4);
        return best != null && bestDistance <= allowed ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
