package dev.berth.cli.command;

import dev.berth.cli.output.ImageTree;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layout.OciLayout;
import dev.berth.oci.spec.Descriptor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth image tree oci:PATH[:TAG]}: prints an image's index → manifests per platform → config and layers.
 * Images in berthd and in registries ({@code --remote}) come with the daemon.
 */
@Command(name = "tree", mixinStandardHelpOptions = true,
        description = "Show an image's structure: index, a manifest per platform, config and layers")
public final class ImageTreeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMAGE", description = "oci:PATH[:TAG] — an OCI image layout directory (tag default latest)")
    String image;

    @Override
    public Integer call() {
        if (!image.startsWith("oci:")) {
            throw BerthException.invalid("image tree: \"" + image + "\": only oci:PATH[:TAG] layouts are supported "
                    + "until berthd serves images");
        }
        String spec = image.substring("oci:".length());
        int colon = spec.lastIndexOf(':');
        String tag = colon > 0 && !spec.substring(colon + 1).contains("/") ? spec.substring(colon + 1) : "latest";
        Path dir = Path.of(colon > 0 && !spec.substring(colon + 1).contains("/") ? spec.substring(0, colon) : spec);
        OciLayout layout = OciLayout.open(dir);
        Descriptor root = layout.resolve(tag).orElseThrow(
                () -> BerthException.notFound("image tree: " + dir + ": no image tagged " + tag));
        new ImageTree(layout.blobs()).print(image, root, System.out);
        return 0;
    }
}
