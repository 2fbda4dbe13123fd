package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other lab test class (junit-platform.properties orders classes by @Order):
 * `e2e/lab down` leaves no process, mount, namespace, veth, route or cgroup behind.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(LabExtension.class)
class LabDownTest {

  @Test
  void downLeavesNothingBehind(Lab lab) throws IOException {
    Path cache = Path.of(lab.fact("lab.repo")).getParent();
    Path nodes = cache.resolve("nodes");
    lab.down();

    List<String> leftovers = new ArrayList<>();
    leftovers.addAll(processes(nodes));
    try (Stream<String> mounts = Files.lines(Path.of("/proc/self/mountinfo"))) {
      mounts
          .filter(l -> l.contains("ovd-lab") || l.contains("ovdlab"))
          .map(l -> "mount: " + l)
          .forEach(leftovers::add);
    }
    leftovers.addAll(names(Path.of("/run/netns"), "ovdlab", "netns: "));
    leftovers.addAll(names(Path.of("/sys/class/net"), "ovdlab", "link: "));
    Lab.Result routes =
        Lab.Processes.run(List.of("ip", "-4", "route", "show"), Duration.ofSeconds(10), null);
    routes
        .stdout()
        .lines()
        .filter(l -> l.startsWith("198.18.") || l.startsWith("198.19.") || l.contains("ovdlab"))
        .map(l -> "route: " + l)
        .forEach(leftovers::add);
    leftovers.addAll(cgroups(Path.of("/sys/fs/cgroup")));
    for (Path p : List.of(nodes, Path.of("/run/ovd-lab"))) {
      if (Files.exists(p)) {
        leftovers.add("state: " + p);
      }
    }
    assertThat(leftovers).as("left behind by e2e/lab down").isEmpty();

    // with the lab route gone, nothing may be sent to lab addresses (they would leave the machine)
    Lab.Result refused = lab.exec("pcs3", "true");
    assertThat(refused.ok()).isFalse();
    assertThat(refused.stderr()).contains("lab network is down");
    assertThatThrownBy(() -> Probes.pingFromHost(lab.svcAddress("pcs3")))
        .hasMessageContaining("not routed into the lab");
    assertThat(cache.resolve("base")).as("caches are kept").isDirectory();

    if ("1".equals(System.getenv("OVD_LAB_KEEP"))) {
      lab.up(); // asked to leave the lab running after the run
    }
  }

  /** Any process whose root is inside a node, or that names the lab on its command line. */
  private static List<String> processes(Path nodes) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p :
          (Iterable<Path>)
              procs.filter(p -> p.getFileName().toString().matches("[0-9]+"))::iterator) {
        try {
          String root = Files.readSymbolicLink(p.resolve("root")).toString();
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          if (root.startsWith(nodes.toString()) || cmd.contains("systemd-nspawn")) {
            found.add("process " + p.getFileName() + ": " + cmd);
          }
        } catch (IOException gone) {
          // exited meanwhile, or a kernel thread
        }
      }
    }
    return found;
  }

  private static List<String> names(Path dir, String prefix, String what) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix))
          .map(n -> what + n)
          .toList();
    }
  }

  private static List<String> cgroups(Path root) throws IOException {
    try (Stream<Path> s =
        Files.find(
            root,
            6,
            (p, a) -> a.isDirectory() && p.getFileName().toString().startsWith("ovd-lab"))) {
      return s.map(p -> "cgroup: " + p).toList();
    }
  }
}
