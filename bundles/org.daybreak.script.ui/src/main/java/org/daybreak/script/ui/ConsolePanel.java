package org.daybreak.script.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.daybreak.script.PushResult;
import org.daybreak.script.ScriptSession;
import org.daybreak.script.WorkbenchBridge;
import org.daybreak.script.ui.OutputBuffer.Chunk;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * One Jython console: a read-only transcript above an input line with a {@code >>> } / {@code ... } prompt, on
 * its own {@link ScriptSession}.
 *
 * <p>Keys in the input line: Enter runs the line (a block runs after its blank closing line, as in Python's
 * interactive prompt); Up/Down walk the history (kept in the session's history file across restarts); Tab
 * completes names and attributes of Python and Java objects (one candidate is inserted, several are listed in
 * a popup: Up/Down choose, Enter takes, Esc closes), or indents when only blanks precede the caret; Ctrl+C
 * interrupts the running statement (or, when idle, drops the unfinished block); Ctrl+L clears the transcript.
 * Pasted text with line breaks runs line by line.
 *
 * <p>Threads: widgets on the UI thread only. The interpreter starts on a background thread (the panel says
 * {@value #STARTING} until it is ready; lines typed before run once it is); Python code runs on the session's
 * thread, never on the UI thread. Script output is queued in an {@link OutputBuffer} and appended in batches
 * by {@code Display.asyncExec}; the transcript keeps about the last {@value #MAX_CHARS} characters.
 */
public final class ConsolePanel extends Composite {
    public static final String STARTING = "starting Python\u2026";
    public static final String PROMPT = ">>> ";
    public static final String CONTINUATION = "... ";
    /** Characters the transcript keeps; older lines are removed. */
    static final int MAX_CHARS = 1_000_000;
    /** Characters of script output that may wait for the UI thread before the oldest are dropped. */
    static final int MAX_WAITING = 256 * 1024;
    private static final int POPUP_ROWS = 10;

    /**
     * What a console is attached to.
     *
     * @param historyFile where the typed lines are kept across restarts; null keeps them in memory only
     * @param workbench   the workbench hooks of {@code daybreak.selected()} and {@code daybreak.plot}; null for
     *                    a headless console
     */
    public record Settings(Path historyFile, WorkbenchBridge workbench) {
    }

    private final Display display;
    private final Label status;
    private final Button stop;
    private final StyledText output;
    private final Label prompt;
    private final Text input;
    private final OutputBuffer waiting = new OutputBuffer(MAX_WAITING);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicInteger unfinished = new AtomicInteger();
    /** Characters the session wrote to stderr so far (to tell whether an interrupt was reported). */
    private final AtomicLong errorChars = new AtomicLong();
    private final ExecutorService helper;
    private final List<String> beforeReady = new ArrayList<>();
    private volatile ScriptSession session;
    private boolean failed;
    private boolean continuation;

    private List<String> historySnapshot;
    private int historyIndex;
    private String historyDraft = "";

    private Shell popup;
    private org.eclipse.swt.widgets.List popupList;
    private List<String> completions = List.of();
    private boolean replacingInput;

    public ConsolePanel(Composite parent, int style, Settings settings) {
        super(parent, style);
        display = getDisplay();
        helper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "daybreak-console-helper");
            t.setDaemon(true);
            return t;
        });
        Font mono = JFaceResources.getTextFont();
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = 0;
        gl.marginHeight = 0;
        gl.verticalSpacing = 2;
        setLayout(gl);

        Composite bar = new Composite(this, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout bl = new GridLayout(3, false);
        bl.marginHeight = 1;
        bl.marginWidth = 2;
        bar.setLayout(bl);
        status = new Label(bar, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        stop = new Button(bar, SWT.PUSH);
        stop.setText("Stop");
        stop.setToolTipText("Interrupt the running statement (Ctrl+C)");
        stop.addListener(SWT.Selection, e -> interrupt());
        Button clear = new Button(bar, SWT.PUSH);
        clear.setText("Clear");
        clear.setToolTipText("Clear the transcript (Ctrl+L)");
        clear.addListener(SWT.Selection, e -> clearOutput());

        output = new StyledText(this, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        output.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        output.setFont(mono);
        output.addListener(SWT.KeyDown, e -> {
            if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 'c' || e.keyCode == 'a')) {
                return; // copy / select all in the transcript
            }
            if (e.character >= ' ' && e.character != SWT.DEL) {
                typeIntoInput(e.character);
                e.doit = false;
            }
        });

        Composite line = new Composite(this, SWT.NONE);
        line.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout ll = new GridLayout(2, false);
        ll.marginHeight = 1;
        ll.marginWidth = 2;
        ll.horizontalSpacing = 0;
        line.setLayout(ll);
        prompt = new Label(line, SWT.NONE);
        prompt.setFont(mono);
        prompt.setText(PROMPT);
        input = new Text(line, SWT.SINGLE | SWT.BORDER);
        input.setFont(mono);
        input.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        input.addListener(SWT.DefaultSelection, e -> {
            if (popupOpen()) {
                acceptCompletion();
            } else {
                submit();
            }
        });
        input.addListener(SWT.KeyDown, this::keyDown);
        input.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_TAB_NEXT) {
                e.doit = false;
                e.detail = SWT.TRAVERSE_NONE;
                tab();
            } else if (e.detail == SWT.TRAVERSE_ESCAPE && popupOpen()) {
                e.doit = false;
                e.detail = SWT.TRAVERSE_NONE;
                closePopup();
            }
        });
        input.addListener(SWT.Verify, this::verify);
        input.addListener(SWT.Modify, e -> {
            if (!replacingInput) {
                closePopup();
            }
        });
        addListener(SWT.Dispose, e -> disposed());

        append(STARTING + "\n", OutputBuffer.Kind.INFO);
        updateStatus();
        ScriptSession.Options options = new ScriptSession.Options()
                .out(text -> append(text, OutputBuffer.Kind.OUT))
                .err(text -> {
                    errorChars.addAndGet(text.length());
                    append(text, OutputBuffer.Kind.ERR);
                })
                .workbench(settings.workbench());
        if (settings.historyFile() != null) {
            options.history(settings.historyFile());
        }
        ScriptSession.createAsync(options).whenComplete((s, error) -> onUi(() -> started(s, error), s));
    }

    // ------------------------------------------------------------------ start, lines

    private void started(ScriptSession s, Throwable error) {
        if (error != null) {
            failed = true;
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            append("Python did not start: " + cause + "\n", OutputBuffer.Kind.ERR);
            updateStatus();
            return;
        }
        session = s;
        append("Jython 2.7 with the daybreak module (import daybreak as db). Tab completes, Up/Down recall "
                + "history, Ctrl+C interrupts.\n", OutputBuffer.Kind.INFO);
        updateStatus();
        List<String> queued = new ArrayList<>(beforeReady);
        beforeReady.clear();
        for (String l : queued) {
            push(l);
        }
    }

    /** Runs the input line (the Enter key). UI thread. */
    public void submit() {
        checkWidget();
        String line = input.getText();
        String indent = nextIndent(line);
        setInputText(indent);
        runLine(line);
    }

    private void runLine(String typed) {
        // a line of blanks (the offered indentation left as it was) closes a block, as an empty line does
        String line = typed.isBlank() ? "" : typed;
        closePopup();
        historySnapshot = null;
        append(prompt.getText() + line + "\n", OutputBuffer.Kind.ECHO);
        continuation = !line.isBlank() && (continuation || line.stripTrailing().endsWith(":"));
        prompt.setText(continuation ? CONTINUATION : PROMPT);
        prompt.getParent().layout();
        if (session == null) {
            if (!failed) {
                beforeReady.add(line);
            }
            return;
        }
        push(line);
    }

    private void push(String line) {
        ScriptSession s = session;
        unfinished.incrementAndGet();
        updateStatus();
        long errorsBefore = errorChars.get();
        s.push(line).whenComplete((result, error) -> {
            boolean silent = errorChars.get() == errorsBefore;
            onUi(() -> pushed(result, error, silent), null);
        });
    }

    private void pushed(PushResult result, Throwable error, boolean silent) {
        int left = unfinished.decrementAndGet();
        if (result == PushResult.INTERRUPTED && silent) {
            append("KeyboardInterrupt\n", OutputBuffer.Kind.ERR); // the session reported it nowhere
        }
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            append("console: " + cause.getMessage() + "\n", OutputBuffer.Kind.ERR);
        }
        if (left == 0) {
            continuation = result == PushResult.NEEDS_MORE_INPUT;
            prompt.setText(continuation ? CONTINUATION : PROMPT);
            prompt.getParent().layout();
        }
        updateStatus();
    }

    /** The indentation offered for the next line of a block (Python's own prompt offers none; this helps). */
    private String nextIndent(String line) {
        if (line.isBlank()) {
            return "";
        }
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        if (line.stripTrailing().endsWith(":")) {
            return " ".repeat(n + 4);
        }
        return continuation ? " ".repeat(n) : "";
    }

    /**
     * Stops the running statement (Ctrl+C, the Stop button); when nothing runs, drops the unfinished block and
     * the input line as Python's prompt does.
     */
    public void interrupt() {
        checkWidget();
        ScriptSession s = session;
        if (s != null && s.isBusy()) {
            s.interrupt();
            return;
        }
        closePopup();
        if (continuation || !input.getText().isEmpty()) {
            append(prompt.getText() + input.getText() + "\nKeyboardInterrupt\n", OutputBuffer.Kind.ERR);
        }
        beforeReady.clear();
        if (s != null) {
            s.resetBuffer();
        }
        continuation = false;
        prompt.setText(PROMPT);
        setInputText("");
    }

    public void clearOutput() {
        checkWidget();
        waiting.drain();
        output.setText("");
    }

    // ------------------------------------------------------------------ keys

    /** A key typed in the transcript goes to the input line. */
    private void typeIntoInput(char c) {
        input.setFocus();
        input.insert(String.valueOf(c));
    }

    private void keyDown(Event e) {
        boolean ctrl = (e.stateMask & SWT.MOD1) != 0;
        if (ctrl && (e.keyCode == 'c' || e.keyCode == 'C')) {
            if (input.getSelectionCount() == 0) {
                e.doit = false;
                interrupt();
            }
            return;
        }
        if (ctrl && (e.keyCode == 'l' || e.keyCode == 'L')) {
            e.doit = false;
            clearOutput();
            return;
        }
        if (e.keyCode == SWT.ARROW_UP || e.keyCode == SWT.ARROW_DOWN) {
            e.doit = false;
            int step = e.keyCode == SWT.ARROW_UP ? -1 : 1;
            if (popupOpen()) {
                int i = Math.max(0, Math.min(popupList.getItemCount() - 1, popupList.getSelectionIndex() + step));
                popupList.setSelection(i);
                popupList.showSelection();
            } else {
                history(step);
            }
        }
    }

    /** Moves through the history: -1 older, +1 newer; past the newest entry comes back the line being typed. */
    void history(int step) {
        ScriptSession s = session;
        if (s == null) {
            return;
        }
        if (historySnapshot == null) {
            historySnapshot = s.history().entries();
            historyIndex = historySnapshot.size();
            historyDraft = input.getText();
        }
        int i = Math.max(0, Math.min(historySnapshot.size(), historyIndex + step));
        if (i == historyIndex) {
            return;
        }
        historyIndex = i;
        setInputText(i == historySnapshot.size() ? historyDraft : historySnapshot.get(i));
    }

    /** Pasted text with line breaks: every complete line runs, the rest stays in the input. */
    private void verify(Event e) {
        if (replacingInput || e.text == null || (e.text.indexOf('\n') < 0 && e.text.indexOf('\r') < 0)) {
            return;
        }
        e.doit = false;
        String current = input.getText();
        String all = current.substring(0, e.start) + e.text + current.substring(e.end);
        String[] lines = all.split("\r\n|\r|\n", -1);
        display.asyncExec(() -> {
            if (isDisposed()) {
                return;
            }
            for (int i = 0; i < lines.length - 1; i++) {
                runLine(lines[i]);
            }
            setInputText(lines[lines.length - 1]);
        });
    }

    private void setInputText(String text) {
        replacingInput = true;
        try {
            input.setText(text);
            input.setSelection(text.length());
        } finally {
            replacingInput = false;
        }
    }

    // ------------------------------------------------------------------ completion

    private void tab() {
        String before = input.getText().substring(0, input.getCaretPosition());
        if (before.isBlank()) {
            input.insert("    ");
            return;
        }
        ScriptSession s = session;
        if (s == null) {
            return;
        }
        CompletableFuture.supplyAsync(() -> s.complete(before), helper)
                .whenComplete((list, error) -> onUi(() -> showCompletions(before, list == null ? List.of() : list),
                        null));
    }

    private void showCompletions(String before, List<String> list) {
        int caret = input.getCaretPosition();
        if (caret > input.getText().length() || !input.getText().substring(0, caret).equals(before)) {
            return; // the user typed on meanwhile
        }
        completions = List.copyOf(list);
        if (list.isEmpty()) {
            return;
        }
        String common = list.get(0);
        for (String c : list) {
            int k = 0;
            while (k < common.length() && k < c.length() && common.charAt(k) == c.charAt(k)) {
                k++;
            }
            common = common.substring(0, k);
        }
        if (list.size() == 1 || common.length() > before.length()) {
            replaceBeforeCaret(list.size() == 1 ? list.get(0) : common);
        }
        if (list.size() > 1) {
            openPopup(list, wordStart(before));
        }
    }

    private static int wordStart(String text) {
        int i = text.length();
        while (i > 0 && Character.isJavaIdentifierPart(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private void replaceBeforeCaret(String replacement) {
        String text = input.getText();
        int caret = input.getCaretPosition();
        replacingInput = true;
        try {
            input.setText(replacement + text.substring(caret));
            input.setSelection(replacement.length());
        } finally {
            replacingInput = false;
        }
    }

    private void openPopup(List<String> list, int wordStart) {
        closePopup();
        popup = new Shell(getShell(), SWT.ON_TOP | SWT.TOOL | SWT.NO_FOCUS);
        popup.setLayout(new FillLayout());
        popupList = new org.eclipse.swt.widgets.List(popup, SWT.SINGLE | SWT.V_SCROLL);
        popupList.setFont(input.getFont());
        for (String c : list) {
            popupList.add(c.substring(Math.min(wordStart, c.length())));
        }
        popupList.setSelection(0);
        popupList.addListener(SWT.DefaultSelection, e -> acceptCompletion());
        int rows = Math.min(POPUP_ROWS, list.size());
        Point size = popupList.computeSize(SWT.DEFAULT, SWT.DEFAULT);
        int height = popupList.getItemHeight() * rows + 6;
        // above the input line (a console sits at the bottom of the window), below it when there is no room
        Point top = input.toDisplay(0, 0);
        int y = top.y - height >= getDisplay().getClientArea().y ? top.y - height : top.y + input.getSize().y;
        popup.setBounds(top.x, y, Math.max(160, Math.min(480, size.x + 24)), height);
        popup.setVisible(true);
        input.setFocus();
    }

    private void acceptCompletion() {
        if (!popupOpen()) {
            return;
        }
        int i = popupList.getSelectionIndex();
        if (i >= 0 && i < completions.size()) {
            replaceBeforeCaret(completions.get(i));
        }
        closePopup();
    }

    private boolean popupOpen() {
        return popup != null && !popup.isDisposed();
    }

    private void closePopup() {
        if (popupOpen()) {
            popup.dispose();
        }
        popup = null;
        popupList = null;
    }

    // ------------------------------------------------------------------ output

    /** Queues text for the transcript; any thread. */
    private void append(String text, OutputBuffer.Kind kind) {
        waiting.add(text, kind);
        if (drainScheduled.compareAndSet(false, true)) {
            onUi(this::drainOutput, null);
        }
    }

    private void drainOutput() {
        drainScheduled.set(false);
        List<Chunk> chunks = waiting.drain();
        if (chunks.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        List<StyleRange> ranges = new ArrayList<>();
        int start = output.getCharCount();
        for (Chunk c : chunks) {
            Color color = switch (c.kind()) {
                case ERR -> display.getSystemColor(SWT.COLOR_RED);
                case ECHO -> display.getSystemColor(SWT.COLOR_DARK_BLUE);
                case INFO -> display.getSystemColor(SWT.COLOR_DARK_GRAY);
                case OUT -> null;
            };
            if (color != null) {
                ranges.add(new StyleRange(start + text.length(), c.text().length(), color, null));
            }
            text.append(c.text());
        }
        output.append(text.toString());
        for (StyleRange r : ranges) {
            output.setStyleRange(r);
        }
        int count = output.getCharCount();
        if (count > MAX_CHARS) {
            int line = output.getLineAtOffset(count - MAX_CHARS * 3 / 4);
            int cut = line + 1 < output.getLineCount() ? output.getOffsetAtLine(line + 1) : count;
            output.replaceTextRange(0, cut, "");
        }
        output.setCaretOffset(output.getCharCount());
        output.setTopIndex(Math.max(0, output.getLineCount() - 1));
    }

    /** Runs on the UI thread later; when the panel is gone, closes {@code orphan} (a session that came late). */
    private void onUi(Runnable r, AutoCloseable orphan) {
        Runnable guarded = () -> {
            if (isDisposed()) {
                closeQuietly(orphan);
            } else {
                r.run();
            }
        };
        try {
            display.asyncExec(guarded);
        } catch (SWTException e) {
            closeQuietly(orphan); // the display is gone
        }
    }

    private void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing a session nobody sees any more: nothing to report to
        }
    }

    private void updateStatus() {
        String text;
        if (failed) {
            text = "Python did not start";
        } else if (session == null) {
            text = STARTING;
        } else if (unfinished.get() > 0) {
            text = "running\u2026";
        } else {
            text = "ready";
        }
        status.setText(text);
        stop.setEnabled(session != null && unfinished.get() > 0);
    }

    private void disposed() {
        closePopup();
        ScriptSession s = session;
        session = null;
        if (s != null) {
            helper.execute(s::close);
        }
        helper.shutdown();
    }

    // ------------------------------------------------------------------ for the view and tests

    @Override
    public boolean setFocus() {
        return input.setFocus();
    }

    /** The session, or null while Python starts. */
    public ScriptSession session() {
        return session;
    }

    public boolean isReady() {
        return session != null;
    }

    /** True while pushed lines have not finished running. */
    public boolean isRunning() {
        return unfinished.get() > 0;
    }

    /** The transcript as shown, after appending what waits. UI thread. */
    public String outputText() {
        drainOutput();
        return output.getText();
    }

    /** The colour of the transcript at {@code offset} (null for plain output). */
    public Color outputColorAt(int offset) {
        StyleRange r = output.getStyleRangeAtOffset(offset);
        return r == null ? null : r.foreground;
    }

    public String promptText() {
        return prompt.getText();
    }

    public String statusText() {
        return status.getText();
    }

    public Text input() {
        return input;
    }

    /** The candidates of the last completion (full replacements of the text before the caret). */
    public List<String> lastCompletions() {
        return completions;
    }

    /** The items of the open completion popup, or an empty list. */
    public List<String> popupItems() {
        return popupOpen() ? List.of(popupList.getItems()) : List.of();
    }
}
