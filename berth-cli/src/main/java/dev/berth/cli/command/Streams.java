package dev.berth.cli.command;

import dev.berth.cli.BerthMain;
import dev.berth.cli.terminal.Tty;

/**
 * What berth's standard streams are: a terminal only when berth runs as its own process (in-process callers, such
 * as the tests, hand it plain streams) and the file descriptor is one.
 */
final class Streams {
    private Streams() {}

    static boolean isProcess(BerthMain root) {
        return root.hasProcessStreams();
    }

    static boolean stdinIsTerminal(BerthMain root) {
        return root.hasProcessStreams() && Tty.isTerminal(Tty.STDIN);
    }

    static boolean stdoutIsTerminal(BerthMain root) {
        return root.hasProcessStreams() && Tty.isTerminal(Tty.STDOUT);
    }
}
