package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A writer in another process, for tests: writes the first {@code prefix} bytes of {@code randomBytes(size, seed)}
 * to ingest {@code ref}, prints {@code holding <offset>}, then holds the ref until killed or until stdin closes.
 */
public final class IngestHolder {
    private IngestHolder() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String ref = args[1];
        int size = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        int prefix = Integer.parseInt(args[4]);
        byte[] content = ContentStoreContract.randomBytes(size, seed);
        BlobWriter w = LocalContentStore.open(root)
                .writer(ref, Optional.of(Digest.sha256(content)), OptionalLong.of(size));
        w.write(content, 0, prefix);
        System.out.println("holding " + w.offset());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the ref until the test kills this process
        }
    }
}
