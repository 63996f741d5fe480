package dev.berth.registry.storage;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads digests back from link directories laid out as {@code <alg>/<hex>}. */
final class Links {
    private Links() {}

    /** The digests named under {@code dir} ({@code <alg>/<hex>} entries), sorted; other entries are skipped. */
    static List<Digest> digestsUnder(StorageDriver driver, String dir) {
        List<Digest> out = new ArrayList<>();
        for (String alg : driver.list(dir)) {
            Optional<DigestAlgorithm> algorithm = DigestAlgorithm.byId(alg);
            if (algorithm.isEmpty()) {
                continue;
            }
            for (String hex : driver.list(dir + "/" + alg)) {
                String text = alg + ":" + hex;
                if (Digest.isValid(text)) {
                    out.add(Digest.parse(text));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
