package io.rostersync.spring.boot;

import java.net.InetAddress;

/** The default node name: the host name, else the process id. */
final class NodeName {

    private NodeName() {
    }

    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (Exception | LinkageError e) {
            // no resolvable host name (a container without one): fall back to the process id
        }
        return "pid-" + ProcessHandle.current().pid();
    }
}
