package io.rostersync.quartz;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;

/** Every finished firing of a RAM-store scheduler: which sync, when it was scheduled, what it returned or threw. */
final class RecordingJobListener implements JobListener {

    /** One finished firing. */
    record Firing(String syncId, Instant scheduled, Instant fired, Optional<Instant> next, boolean recovering,
                  @Nullable Object result, @Nullable JobExecutionException exception) {
    }

    private final List<Firing> firings = new CopyOnWriteArrayList<>();

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, @Nullable JobExecutionException exception) {
        firings.add(new Firing(context.getJobDetail().getKey().getName(), context.getScheduledFireTime().toInstant(),
                context.getFireTime().toInstant(),
                Optional.ofNullable(context.getNextFireTime()).map(java.util.Date::toInstant),
                context.isRecovering(), context.getResult(), exception));
    }

    List<Firing> firings() {
        return List.copyOf(firings);
    }

    List<Firing> firingsOf(String syncId) {
        return firings.stream().filter(f -> f.syncId().equals(syncId)).toList();
    }
}
