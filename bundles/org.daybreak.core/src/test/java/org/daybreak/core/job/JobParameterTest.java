package org.daybreak.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JobParameterTest {
    private static final JobParameter FLAT = JobParameter.text("flat_mode", "interpolate", "flats").alias("flatMode");
    private static final JobParameter SIZE = JobParameter.integer("ring_size", 21, "bins", "window").alias("ringSize");
    private static final List<JobParameter> DECLARED = List.of(FLAT, SIZE);

    @Test
    void oldSpellingsAreRenamedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        JobSpec s = JobParameter.normalise(new JobSpec("k", Map.of("flatMode", "average", "ring_size", 9, "device",
                "gpu"), Map.of("scan", "a.nxs")), DECLARED, warnings::add);
        assertEquals(Map.of("flat_mode", "average", "ring_size", 9, "device", "gpu"), s.params());
        assertEquals(Map.of("scan", "a.nxs"), s.inputs());
        assertEquals(List.of("parameter 'flatMode' of k is now spelled 'flat_mode'; the old spelling is accepted "
                + "until " + JobParameter.ALIASES_UNTIL), warnings);
        assertEquals("average", FLAT.text(s, "interpolate"));
        assertEquals(9, SIZE.integer(s, 21));
    }

    @Test
    void unknownAndDoubledParametersAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobParameter.normalise(
                JobSpec.of("k", Map.of("flat_mod", "x")), DECLARED, w -> { }));
        assertEquals("k has no parameter 'flat_mod' (its parameters: flat_mode, ring_size)", e.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> JobParameter.normalise(
                JobSpec.of("k", Map.of("flatMode", "x", "flat_mode", "y")), DECLARED, w -> { }));
        assertEquals("k: parameter 'flatMode' and its new spelling 'flat_mode' are both given", both.getMessage());
    }

    @Test
    void kindsWithoutDeclarationsTakeAnything() {
        JobSpec s = JobSpec.of("core.echo", Map.of("anything", 1));
        assertSame(s, JobParameter.normalise(s, new EchoJob().parameters(), w -> { }));
    }

    @Test
    void theLocalExecutorRenamesToo() throws Exception {
        JobHandler h = new JobHandler() {
            @Override
            public String kind() {
                return "k";
            }

            @Override
            public List<JobParameter> parameters() {
                return DECLARED;
            }

            @Override
            public Map<String, Object> run(JobSpec spec, JobContext context) {
                return Map.of("flat", FLAT.text(spec, "interpolate"));
            }
        };
        JobRegistry r = new JobRegistry();
        r.register(h);
        try (LocalJobExecutor ex = new LocalJobExecutor(r, 1)) {
            assertEquals("average", ex.submit(JobSpec.of("k", Map.of("flatMode", "average"))).await().get("flat"));
            assertThrows(IllegalArgumentException.class, () -> ex.submit(JobSpec.of("k", Map.of("nope", 1))));
        }
    }

    @Test
    void declarationsDescribeThemselves() {
        assertEquals(Map.of("name", "ring_size", "type", "integer", "unit", "bins", "default", 21, "description",
                "window", "old_spellings", List.of("ringSize")), SIZE.toJson());
    }
}
