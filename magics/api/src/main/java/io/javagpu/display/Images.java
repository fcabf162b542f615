package io.javagpu.display;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Image bytes to MIME bundles: the type comes from the file's magic bytes, the content is base64. */
final class Images {
    private Images() {
    }

    static MimeBundle bundle(byte[] bytes) {
        String mimeType = mimeType(bytes);
        return new MimeBundle()
                .with(mimeType, Base64.getEncoder().encodeToString(bytes))
                .with("text/plain", "<" + mimeType + " image, " + bytes.length + " bytes>");
    }

    /** image/png, image/jpeg or image/gif; anything else is refused rather than shown broken. */
    static String mimeType(byte[] bytes) {
        if (startsWith(bytes, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (startsWith(bytes, 'G', 'I', 'F', '8')) return "image/gif";
        throw new IllegalArgumentException("not a PNG, JPEG or GIF image (unknown leading bytes)");
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((bytes[i] & 0xFF) != prefix[i]) return false;
        return true;
    }

    static MimeBundle png(RenderedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) throw new IllegalArgumentException("no PNG writer for this image");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MimeBundle()
                .with("image/png", Base64.getEncoder().encodeToString(png.toByteArray()))
                .with("text/plain", "<image " + image.getWidth() + "x" + image.getHeight() + ">");
    }
}
