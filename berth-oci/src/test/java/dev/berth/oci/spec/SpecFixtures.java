package dev.berth.oci.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

final class SpecFixtures {
    private SpecFixtures() {}

    static byte[] read(String name) {
        try (InputStream in = SpecFixtures.class.getResourceAsStream("/spec/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
