package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The container flags built in code land in ContainerOptions' fields as picocli parsed them. */
class ContainerOptionsTest {
    @Test
    void everyFlag_isReadBack() {
        CommandSpec spec = new CreateCommand().spec();
        List<String> args = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp()) {
                continue;
            }
            args.add(option.longestName());
            if (option.arity().min() > 0) {
                args.add("v");
            }
        }
        args.add("image");
        new CommandLine(spec).parseArgs(args.toArray(String[]::new));

        ContainerOptions options = ContainerOptions.of(spec);

        assertThat(options.name).isEqualTo("v");
        assertThat(options.tty).isTrue();
        assertThat(options.env).containsExactly("v");
        assertThat(options.restart).isEqualTo("v");
        assertThat(options.dnsOptions).containsExactly("v");
        assertThat(ContainerCreator.imageAndCommand(spec)).containsExactly("image");
    }

    @Test
    void absentFlags_keepDockersDefaults_andRepeatedOnesAccumulate() {
        CommandSpec spec = new RunCommand().spec();
        new CommandLine(spec).setStopAtPositional(true)
                .parseArgs("-e", "A=1", "--env", "B=2", "--disable-content-trust=false", "img", "sh", "-c", "true");

        ContainerOptions options = ContainerOptions.of(spec);

        assertThat(options.env).containsExactly("A=1", "B=2");
        assertThat(options.restart).isEqualTo("no");
        assertThat(options.pull).isEqualTo("missing");
        assertThat(options.name).isNull();
        assertThat(options.tty).isFalse();
        assertThat(options.disableContentTrust).isFalse();
        assertThat(ContainerCreator.imageAndCommand(spec)).containsExactly("img", "sh", "-c", "true");
    }

    @Test
    void flagsTrueByDefault_areTrueWhenAbsent() {
        CommandSpec spec = new CreateCommand().spec();
        new CommandLine(spec).parseArgs("img");

        assertThat(ContainerOptions.of(spec).disableContentTrust).isTrue();
    }
}
