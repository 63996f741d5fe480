import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodElement;
import java.lang.classfile.MethodModel;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Build step (run by the source launcher at {@code package}): rewrites the class files older than Java 6 (version 50)
 * in the given jars as Java 8 class files with stack maps, in place. The JDK's AOT cache cannot hold such old classes
 * ("Old class has been linked"), and picocli ships Java 5 class files, so without this the CLI loads, verifies (with
 * the slow old verifier) and links picocli from its jar on every run. Jars without old classes are left as they are.
 *
 * <pre>java UpgradeClassFiles.java JAR...</pre>
 */
public final class UpgradeClassFiles {
    private static final int FIRST_STACK_MAP_VERSION = 50;

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            upgrade(Path.of(arg));
        }
    }

    private static void upgrade(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                JarInputStream in = new JarInputStream(Files.newInputStream(jar));
                JarOutputStream out = in.getManifest() == null ? new JarOutputStream(Files.newOutputStream(tmp))
                        : new JarOutputStream(Files.newOutputStream(tmp), in.getManifest())) {
            // Stack maps need the class hierarchy: the jar's own classes, then the JDK's.
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    ClassModel model = ClassFile.of().parse(bytes);
                    if (model.majorVersion() < FIRST_STACK_MAP_VERSION) {
                        bytes = rebuild(classFile, model);
                        upgraded++;
                    }
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (upgraded == 0) {
            Files.delete(tmp);
            return;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("UpgradeClassFiles: " + jar.getFileName() + ": " + upgraded + " class files now Java 8");
    }

    /** The class element by element, with code re-emitted so that its stack maps are computed. */
    private static byte[] rebuild(ClassFile classFile, ClassModel model) {
        return classFile.build(model.thisClass().asSymbol(), cb -> {
            cb.withVersion(ClassFile.JAVA_8_VERSION, 0);
            for (ClassElement element : model) {
                switch (element) {
                    case ClassFileVersion v -> { }
                    case MethodModel method -> cb.withMethod(method.methodName(), method.methodType(),
                            method.flags().flagsMask(), mb -> {
                                for (MethodElement me : method) {
                                    if (me instanceof CodeModel code) {
                                        mb.withCode(code::forEach);
                                    } else {
                                        mb.with(me);
                                    }
                                }
                            });
                    default -> cb.with(element);
                }
            }
        });
    }
}
