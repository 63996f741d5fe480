package dev.berth.engine.build.dockerfile;

import java.util.Objects;

/**
 * A here-document of RUN, COPY or ADD ({@code <<EOF} … {@code EOF}): its terminator {@code name}, the lines between
 * (each with its newline), whether build variables are expanded in it (not when the name was quoted:
 * {@code <<'EOF'}, {@code <<"EOF"}) and whether leading tabs are stripped ({@code <<-EOF}).
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {
    public Heredoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    /** The content, leading tabs of each line removed when {@code chomp}. */
    public String data() {
        if (!chomp) {
            return content;
        }
        return content.replaceAll("(?m)^\t+", "");
    }
}
