package dev.berth.oci.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class CpuAffinityTest {
    @Test
    void set_confinesTheThread_andGet_readsItBack_fromAnotherThreadToo() throws Exception {
        int tid = CpuAffinity.currentThreadId();
        BitSet all = CpuAffinity.get(tid);
        assertThat(all.cardinality()).isPositive();
        BitSet one = new BitSet();
        one.set(all.length() - 1);
        try {
            CpuAffinity.set(tid, one);
            assertThat(CpuAffinity.get(tid)).isEqualTo(one);
            BitSet[] seen = new BitSet[1];
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    seen[0] = CpuAffinity.get(tid);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            other.join();
            assertThat(seen[0]).isEqualTo(one);
        } finally {
            CpuAffinity.set(tid, all);
        }
        assertThat(CpuAffinity.get(tid)).isEqualTo(all);
    }

    @Test
    void set_toNoCpu_failsWithTheErrno() {
        int tid = CpuAffinity.currentThreadId();
        assertThatThrownBy(() -> CpuAffinity.set(tid, new BitSet()))
                .isInstanceOf(ErrnoException.class)
                .hasMessageContaining("sched_setaffinity thread/" + tid)
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.EINVAL));
    }
}
