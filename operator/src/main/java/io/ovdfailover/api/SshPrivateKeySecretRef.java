package io.ovdfailover.api;

/**
 * The Secret key reference of {@link SshAccessSpec#privateKeySecret}: the same fields as {@link
 * SecretKeyRef}, but the key defaults to {@code ssh-privatekey}, the key of a {@code
 * kubernetes.io/ssh-auth} Secret, instead of {@code password}. Jackson instantiates this class for
 * that field (see {@code @JsonDeserialize} there); the CRD's default is set by the CRD
 * post-processor because the generator reads the inherited {@code @Default}.
 */
public class SshPrivateKeySecretRef extends SecretKeyRef {
  public static final String DEFAULT_KEY = "ssh-privatekey";

  public SshPrivateKeySecretRef() {
    this.key = DEFAULT_KEY;
  }
}
