package org.compass.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The problem-file parameter of the commands that read one problem ({@code info}, {@code compare},
 * {@code pareto}, {@code tradeoff}): declared once, so that each shows and reads it alike. (The main command's
 * FILE is optional, since {@code list} and the others run without one, and is declared there.)
 */
final class ProblemFileMixin {

    @Parameters(index = "0", paramLabel = "FILE", description = "Problem file (YAML) or an .onnx file.")
    Path file;
}
