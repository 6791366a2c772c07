package io.rostersync.benchmarks.tenants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Linux /proc readings: CPU time of the PostgreSQL server and its backends, resident memory, load average. */
final class Proc {

    /** USER_HZ, which is 100 on every Linux this runs on. */
    private static final long TICK_NANOS = 10_000_000L;

    private Proc() {
    }

    /** The postmaster listening on {@code port}: a {@code postgres} process with {@code -p port} among its arguments. */
    static Optional<Long> postmaster(int port) {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                byte[] raw;
                try {
                    raw = Files.readAllBytes(p.resolve("cmdline"));
                } catch (IOException gone) {
                    continue;
                }
                List<String> args = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
                int i = args.indexOf("-p");
                if (!args.isEmpty() && args.get(0).endsWith("postgres") && i >= 0 && i + 1 < args.size()
                        && args.get(i + 1).equals(Integer.toString(port))) {
                    return Optional.of(Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * CPU time of a process tree's server: the process itself, its children that exited (which the kernel adds
     * to it when it reaps them) and its live children.
     */
    static long treeCpuNanos(long pid) {
        long[] self = stat(pid);
        if (self.length == 0) {
            return 0;
        }
        long ticks = self[0] + self[1] + self[2] + self[3];
        for (long child : children(pid)) {
            long[] c = stat(child);
            if (c.length > 0) {
                ticks += c[0] + c[1];
            }
        }
        return ticks * TICK_NANOS;
    }

    /** utime, stime, cutime, cstime, or empty if the process is gone. */
    private static long[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    private static long[] children(long pid) {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            java.util.List<Long> out = new java.util.ArrayList<>();
            for (Path p : procs) {
                try {
                    String s = Files.readString(p.resolve("stat"));
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[1]) == pid) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited while we looked
                }
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        } catch (IOException e) {
            return new long[0];
        }
    }

    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
