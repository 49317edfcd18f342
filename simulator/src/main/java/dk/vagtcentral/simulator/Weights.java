package dk.vagtcentral.simulator;

import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** Event mixes: "kind=weight,..." read into a map, and a kind picked by weight. */
final class Weights {
    private Weights() {
    }

    /**
     * Parses "a=80,b=15,c=5" into {@code into}, each kind by {@code kind} (whose IllegalArgumentException names the
     * problem); refuses a kind given twice, a weight that is not a whole number or is negative, and all zero.
     */
    static <K> Map<K, Integer> parse(String text, Function<String, K> kind, Map<K, Integer> into) {
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected kind=weight, got '" + p + "'");
            }
            K k = kind.apply(p.substring(0, eq));
            int weight;
            try {
                weight = Integer.parseInt(p.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of " + p.substring(0, eq) + " is not a whole number");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + p.substring(0, eq) + " is negative");
            }
            if (into.put(k, weight) != null) {
                throw new IllegalArgumentException(p.substring(0, eq) + " given twice");
            }
        }
        if (into.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
        return into;
    }

    /** A kind of the mix picked by weight (kinds of weight 0 never). */
    static <K> K pick(Map<K, Integer> mix, RandomGenerator random) {
        int total = 0;
        for (int weight : mix.values()) {
            total += weight;
        }
        int r = random.nextInt(total);
        K last = null;
        for (Map.Entry<K, Integer> e : mix.entrySet()) {
            if (e.getValue() > 0) {
                last = e.getKey();
                r -= e.getValue();
                if (r < 0) {
                    break;
                }
            }
        }
        return last;
    }
}
