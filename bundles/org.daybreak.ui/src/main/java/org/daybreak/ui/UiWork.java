package org.daybreak.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.daybreak.core.cli.InputException;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;

/**
 * Work a view does off the UI thread: {@code work} runs on the view's worker, then {@code show} runs on the UI
 * thread with its result. A failure is reported once, as one sentence, and the view goes on.
 * Thread rule: call {@link #run} on the UI thread.
 */
public final class UiWork {
    private UiWork() {
    }

    /** Where a view shows what it is doing and the problems its work meets. */
    public interface Reporter {
        void status(String text);

        void problem(String title, String message);

        static Reporter of(Consumer<String> status, java.util.function.BiConsumer<String, String> problem) {
            return new Reporter() {
                @Override
                public void status(String text) {
                    status.accept(text);
                }

                @Override
                public void problem(String title, String message) {
                    problem.accept(title, message);
                }
            };
        }
    }

    /**
     * Runs {@code work} on {@code worker}, then {@code show} on the owner's display; the future completes after
     * either (exceptionally on failure). Nothing is shown once the owner is disposed.
     *
     * @param area the view's name for problem titles, e.g. "Tomography"
     * @param what the work for people, e.g. "Reconstructing the slice"
     */
    public static <T> CompletableFuture<T> run(Control owner, ExecutorService worker, String area, String what,
            Callable<T> work, Consumer<T> show, Reporter reporter) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Display display = owner.getDisplay();
        reporter.status(what + "...");
        try {
            worker.submit(() -> {
                T value;
                try {
                    value = work.call();
                } catch (Throwable e) {
                    display.asyncExec(() -> {
                        if (!owner.isDisposed()) {
                            reporter.status(what + " failed.");
                            reporter.problem(area + ": " + what + " failed", message(e));
                        }
                        done.completeExceptionally(e);
                    });
                    return;
                }
                display.asyncExec(() -> {
                    try {
                        if (!owner.isDisposed()) {
                            reporter.status("");
                            show.accept(value);
                        }
                        done.complete(value);
                    } catch (RuntimeException e) {
                        reporter.problem(area + ": showing " + what + " failed", message(e));
                        done.completeExceptionally(e);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** One sentence for a user: the message of input errors as it is, the type and message of anything else. */
    public static String message(Throwable e) {
        if (e instanceof InputException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            return u.getCause().getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
