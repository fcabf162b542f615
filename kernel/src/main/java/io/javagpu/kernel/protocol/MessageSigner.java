package io.javagpu.kernel.protocol;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * HMAC signatures of the four JSON frames, as the connection file's signature_scheme says ("hmac-sha256",
 * "hmac-sha512", ...). An empty key means messages are not signed. Thread-safe: each thread gets its own Mac.
 */
public final class MessageSigner {
    private static final HexFormat HEX = HexFormat.of();
    private final String algorithm;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public MessageSigner(String scheme, String key) {
        if (key == null || key.isEmpty()) {
            this.algorithm = null;
            this.key = null;
            this.macs = null;
            return;
        }
        this.algorithm = javaAlgorithm(scheme == null || scheme.isEmpty() ? "hmac-sha256" : scheme);
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac();
    }

    /**
     * Looks the usual HMAC up once, without a key, so that the security providers are loaded and initialised
     * (tens of ms at kernel start) on whichever thread calls this, ahead of the first signer.
     */
    public static void loadProviders() {
        try {
            Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            // the signer reports an unsupported scheme when it is created
        }
    }

    static String javaAlgorithm(String scheme) {
        String lower = scheme.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("hmac-")) throw new IllegalArgumentException("unsupported signature scheme: " + scheme);
        return "Hmac" + lower.substring(5).replace("-", "").toUpperCase(java.util.Locale.ROOT);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unsupported signature scheme " + algorithm, e);
        }
    }

    public boolean isSigning() {
        return key != null;
    }

    /** Lower-case hex of the HMAC over the frames in order, or "" when not signing. */
    public String sign(List<byte[]> frames) {
        if (!isSigning()) return "";
        Mac mac = macs.get();
        for (byte[] frame : frames) mac.update(frame);
        return HEX.formatHex(mac.doFinal());
    }

    /** Constant-time comparison of the expected signature with the received one. */
    public boolean verify(byte[] receivedSignature, List<byte[]> frames) {
        if (!isSigning()) return true;
        byte[] expected = sign(frames).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, receivedSignature);
    }
}
