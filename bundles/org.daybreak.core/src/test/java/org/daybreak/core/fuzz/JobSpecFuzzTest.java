package org.daybreak.core.fuzz;

import org.daybreak.core.job.JobSpec;
import org.daybreak.core.json.Json;
import org.daybreak.testing.fuzz.FuzzHarness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: JSON text (Daybreak's own parser, {@link Json#parse}) and job specifications
 * ({@link JobSpec#fromJson}, as typed by users with {@code jobs submit} and carried between machines). A parsed
 * value must also survive writing and re-parsing unchanged. Allowed: IllegalArgumentException.
 */
class JobSpecFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        FuzzHarness.check(() -> {
            Object v = Json.parse(text);
            String again = Json.write(v);
            if (!Json.write(Json.parse(again)).equals(again)) {
                throw new AssertionError("JSON does not round-trip: " + again);
            }
        }, IllegalArgumentException.class);
        FuzzHarness.check(() -> JobSpec.fromJson(text).toJson(), IllegalArgumentException.class);
    }
}
