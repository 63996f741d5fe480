package dev.berth.engine.build;

/**
 * Where a build reports what it does, in the words of docker's classic builder: step lines ({@code Step 2/7 : RUN
 * make}, {@code  ---> Using cache}, {@code  ---> 3f2a…}) and the output of RUN commands, stderr apart.
 */
public interface BuildProgress {
    /** Text as docker streams it, with its newline. */
    void stream(String text);

    /** Output of a RUN command. */
    void output(String text, boolean stderr);

    BuildProgress NONE = new BuildProgress() {
        @Override
        public void stream(String text) {
            // Discarded: the caller asked for no progress.
        }

        @Override
        public void output(String text, boolean stderr) {
            // Discarded: the caller asked for no progress.
        }
    };
}
