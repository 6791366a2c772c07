package io.rostersync.benchmarks.tenants;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} command-line arguments. */
final class Args {

    private Args() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                out.put(key, "true");
            } else {
                out.put(key, args[++i]);
            }
        }
        return out;
    }

    /** The value of {@code key}, which must be there. */
    static String required(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }

    static Map<String, String> parseStats(String line) {
        Map<String, String> out = new HashMap<>();
        for (String part : line.strip().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }
}
