package io.ovdfailover.hosts;

/**
 * How a distribution configures the static address of the second NIC ("IP address configuration on
 * second NIC"): which file, what it contains and how the configuration is reloaded.
 */
public enum NetworkConfig {
  /** Ubuntu 18.04+: netplan. Mode 0600: netplan warns about world-readable files since 0.106. */
  NETPLAN("/etc/netplan/90_config_eth1.yaml", "0600") {
    @Override
    public String content(String nic, String cidr) {
      return "network:\n  ethernets:\n    " + nic + ":\n      addresses:\n        - " + cidr + "\n";
    }

    /**
     * netplan has no per-interface apply: {@code netplan apply} renders every file again and lets
     * the renderer reconcile all interfaces (those it finds unchanged are left alone).
     */
    @Override
    public String applyScript(String nic, HostFacts facts) {
      return "netplan apply";
    }
  },
  /**
   * Ubuntu 16.04 and Debian 11 to 13: ifupdown's interfaces.d. Only this interface is brought up
   * (the guide's {@code systemctl restart networking} takes every interface down and up, the
   * service NIC and its VIP included).
   */
  IFUPDOWN("/etc/network/interfaces.d/eth1.conf", "0644") {
    @Override
    public String content(String nic, String cidr) {
      return "auto "
          + nic
          + "\niface "
          + nic
          + " inet static\n    address "
          + address(cidr)
          + "\n    netmask "
          + netmask(cidr)
          + "\n";
    }

    @Override
    public String applyScript(String nic, HostFacts facts) {
      return ifupOnly(nic, facts);
    }
  },
  /**
   * RHEL 7: the guide's ifcfg file. Brought up with network-scripts' {@code ifup}, which hands an
   * NM-controlled interface to NetworkManager when it runs, instead of the guide's {@code systemctl
   * restart network} (every interface down and up).
   */
  IFCFG_NETWORK_SCRIPTS("/etc/sysconfig/network-scripts/ifcfg-eth1", "0644") {
    @Override
    public String content(String nic, String cidr) {
      return "DEVICE="
          + nic
          + "\nBOOTPROTO=manual\nONBOOT=yes\nTYPE=Ethernet\nIPADDR="
          + address(cidr)
          + "\nNETMASK="
          + netmask(cidr)
          + "\n";
    }

    @Override
    public String applyScript(String nic, HostFacts facts) {
      return ifupOnly(nic, facts);
    }
  },
  /**
   * RHEL 8: network-scripts is deprecated (not installed by default); NetworkManager reads the same
   * ifcfg file. {@code BOOTPROTO=none} (static) and {@code NAME} let nmcli address the connection
   * by name.
   */
  IFCFG_NETWORKMANAGER("/etc/sysconfig/network-scripts/ifcfg-eth1", "0644") {
    @Override
    public String content(String nic, String cidr) {
      return "DEVICE="
          + nic
          + "\nNAME="
          + nic
          + "\nBOOTPROTO=none\nONBOOT=yes\nTYPE=Ethernet\nIPADDR="
          + address(cidr)
          + "\nNETMASK="
          + netmask(cidr)
          + "\n";
    }

    @Override
    public String applyScript(String nic, HostFacts facts) {
      return nmcliUp(nic);
    }
  },
  /**
   * RHEL 9: ifcfg files are deprecated; NetworkManager keyfiles (must be 0600) are the native
   * format.
   */
  NM_KEYFILE("/etc/NetworkManager/system-connections/eth1.nmconnection", "0600") {
    @Override
    public String content(String nic, String cidr) {
      return "[connection]\nid="
          + nic
          + "\ntype=ethernet\ninterface-name="
          + nic
          + "\nautoconnect=true\n\n"
          + "[ipv4]\nmethod=manual\naddress1="
          + cidr
          + "\n\n[ipv6]\nmethod=disabled\n";
    }

    @Override
    public String applyScript(String nic, HostFacts facts) {
      return nmcliUp(nic);
    }
  };

  private final String file;
  private final String mode;

  NetworkConfig(String file, String mode) {
    this.file = file;
    this.mode = mode;
  }

  /** The file for the guide's {@code eth1}; the name is fixed as in the guide. */
  public String file() {
    return file;
  }

  public String fileMode() {
    return mode;
  }

  /** File content for {@code nic} with address {@code cidr} (e.g. {@code 192.168.100.11/24}). */
  public abstract String content(String nic, String cidr);

  /**
   * "Reload the system network configuration", for this interface only where the tool allows it.
   *
   * @param facts the node's facts: whether the interface already carries an IPv4 address
   */
  public abstract String applyScript(String nic, HostFacts facts);

  /**
   * ifupdown and network-scripts: {@code ifup IF} for an interface that carries no IPv4 address yet
   * (or a new alias such as {@code eth0:1}, whose base interface is never taken down); {@code
   * ifdown IF; ifup IF} for one that carries another address, since ifup leaves an interface it
   * already brought up as it is.
   */
  static String ifupOnly(String nic, HostFacts facts) {
    String q = ShellQuote.quote(nic);
    boolean addressed =
        facts.addresses().stream()
            .anyMatch(a -> a.device().equals(nic) && a.family().equals("inet"));
    return addressed ? "ifdown " + q + "; ifup " + q : "ifup " + q;
  }

  /** NetworkManager: reread the files, then activate this connection only. */
  static String nmcliUp(String nic) {
    return "nmcli connection reload && nmcli connection up " + ShellQuote.quote(nic);
  }

  static String address(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("address needs a prefix length: " + cidr);
    }
    return cidr.substring(0, slash);
  }

  static String netmask(String cidr) {
    int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    return ((mask >> 24) & 255)
        + "."
        + ((mask >> 16) & 255)
        + "."
        + ((mask >> 8) & 255)
        + "."
        + (mask & 255);
  }
}
