package org.daybreak.remote.fuzz;

import org.daybreak.core.json.Json;
import org.daybreak.remote.JobRecord;
import org.daybreak.testing.fuzz.FuzzHarness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: remote-job messages as the ledger, the workers and {@code jobs} read them: a UTF-8 JSON body
 * (Wire's body after its length prefix) parsed into a {@link JobRecord}, and the record written back and re-read
 * unchanged. A message from another Daybreak or a hand-written one must be refused with IllegalArgumentException,
 * never with a ClassCastException deep in the ledger.
 */
class JobRecordFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        FuzzHarness.check(() -> {
            JobRecord r = JobRecord.fromJson(Json.parseObject(text));
            String once = Json.write(r.toJson(true));
            String twice = Json.write(JobRecord.fromJson(Json.parseObject(once)).toJson(true));
            if (!once.equals(twice)) {
                throw new AssertionError("job record does not round-trip: " + once + " / " + twice);
            }
        }, IllegalArgumentException.class);
    }
}
