package org.xnornet.notebook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import scala.Console$;
import scala.Function0;
import scala.jdk.javaapi.CollectionConverters;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * The Scala 2.13 REPL engine as Zeppelin's Spark interpreter drives it (class-based wrappers, classes written to
 * {@code outputDir} so Spark serves them to executors through {@code spark.repl.class.outputDir}): values bound by
 * name, then whole paragraphs interpreted one after the other, each paragraph's printed output and compiler
 * messages captured.
 */
final class ScalaRepl implements AutoCloseable {
    private final IMain intp;
    private final StringWriter messages = new StringWriter();

    /** A REPL compiling against {@code classpath} (the test's own), writing its classes under {@code outputDir}. */
    ScalaRepl(String classpath, Path outputDir) {
        Settings settings = new Settings();
        settings.processArguments(CollectionConverters.asScala(List.of("-Yrepl-class-based", "-Yrepl-outdir",
                outputDir.toString())).toList(), true);
        settings.classpath().value_$eq(classpath);
        settings.usejavacp().value_$eq(Boolean.FALSE);
        intp = new IMain(settings, new ReplReporterImpl(settings, new PrintWriter(messages, true)));
        Thread.currentThread().setContextClassLoader(intp.classLoader());
    }

    /** Binds {@code value} as {@code name} of type {@code type}, {@code @transient} as Zeppelin binds spark and sc. */
    void bind(String name, String type, Object value) {
        Results.Result r = intp.bind(name, type, value,
                CollectionConverters.asScala(List.of("@transient")).toList());
        if (r != Results.Success$.MODULE$) {
            throw new IllegalStateException("could not bind " + name + ": " + messages);
        }
    }

    /** Runs {@code code} (a paragraph); returns what it printed, or throws with the compiler's or runtime's report. */
    String run(String code) {
        messages.getBuffer().setLength(0);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Results.Result r;
        try {
            r = Console$.MODULE$.withOut(out, (Function0<Results.Result>) () -> intp.interpret(code));
        } catch (RuntimeException e) {
            throw new ParagraphFailed("the interpreter failed: " + e + "\n" + messages + printed);
        }
        out.flush();
        String text = printed.toString(StandardCharsets.UTF_8);
        if (r != Results.Success$.MODULE$) {
            throw new ParagraphFailed((r == Results.Incomplete$.MODULE$ ? "incomplete input" : "error") + ":\n"
                    + messages + text);
        }
        return text;
    }

    @Override
    public void close() {
        intp.close();
    }

    /** A paragraph that did not compile or threw. */
    static final class ParagraphFailed extends RuntimeException {
        ParagraphFailed(String message) {
            super(message);
        }
    }
}
