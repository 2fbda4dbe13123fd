package io.ovdfailover.steps.guide;

/**
 * Chapter I: the second NIC's static address, in the style of each distro family. The guide's three variants
 * differ in file and in how the change is applied; the distro profile chooses the style.
 */
public enum NetworkConfig {
  /** Ubuntu 18.04 and later. */
  NETPLAN {
    @Override
    public String path(String nic) {
      return "/etc/netplan/90_config_" + nic + ".yaml";
    }

    @Override
    public String content(String nic, String address, int prefix) {
      return """
          # Managed by ovd-failover-operator: the cluster's private network
          network:
            ethernets:
              %s:
                addresses:
                  - %s/%d
          """.formatted(nic, address, prefix);
    }

    @Override
    public String applyCommand(String nic) {
      return "netplan apply";
    }
  },
  /** Ubuntu 16.04 and Debian (ifupdown). */
  INTERFACES_D {
    @Override
    public String path(String nic) {
      return "/etc/network/interfaces.d/" + nic + ".conf";
    }

    @Override
    public String content(String nic, String address, int prefix) {
      return """
          # Managed by ovd-failover-operator: the cluster's private network
          auto %s
          iface %s inet static
              address %s
              netmask %s
          """.formatted(nic, nic, address, Ipv4.netmask(prefix));
    }

    @Override
    public String applyCommand(String nic) {
      // the guide restarts networking; bringing only this NIC up leaves the service NIC (and SSH) alone
      return "ifup " + nic + " || systemctl restart networking";
    }
  },
  /** RHEL (network-scripts). */
  IFCFG {
    @Override
    public String path(String nic) {
      return "/etc/sysconfig/network-scripts/ifcfg-" + nic;
    }

    @Override
    public String content(String nic, String address, int prefix) {
      return """
          # Managed by ovd-failover-operator: the cluster's private network
          DEVICE=%s
          BOOTPROTO=manual
          ONBOOT=yes
          TYPE=Ethernet
          IPADDR=%s
          NETMASK=%s
          """.formatted(nic, address, Ipv4.netmask(prefix));
    }

    @Override
    public String applyCommand(String nic) {
      return "systemctl restart network 2>/dev/null || nmcli connection reload && nmcli device reapply " + nic;
    }
  };

  public abstract String path(String nic);

  public abstract String content(String nic, String address, int prefix);

  /** What makes the new file take effect (run only when the address is not already on the NIC). */
  public abstract String applyCommand(String nic);
}
