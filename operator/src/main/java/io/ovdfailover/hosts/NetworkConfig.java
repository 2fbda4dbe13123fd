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

    @Override
    public String applyScript(String nic) {
      return "netplan apply";
    }
  },
  /** Ubuntu 16.04 and Debian 12: ifupdown's interfaces.d. */
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
    public String applyScript(String nic) {
      return "systemctl restart networking";
    }
  },
  /** RHEL 7: the guide's ifcfg file and the network-scripts service. */
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
    public String applyScript(String nic) {
      return "systemctl restart network";
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
    public String applyScript(String nic) {
      return "nmcli connection reload && nmcli connection up " + ShellQuote.quote(nic);
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
    public String applyScript(String nic) {
      return "nmcli connection reload && nmcli connection up " + ShellQuote.quote(nic);
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

  /** "Reload the system network configuration". */
  public abstract String applyScript(String nic);

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
