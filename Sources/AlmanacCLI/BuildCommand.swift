import Almanac
import ArgumentParser
import Foundation

struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build the site into its output folder.",
    discussion: """
      Reads DIR/Content and DIR/Templates (or the built-in theme when there is no Templates/ \
      folder) and writes the site to DIR/Output. Nothing is written unless the whole site builds \
      without errors; files whose bytes did not change are left untouched, and files the site no \
      longer produces are removed (dotfiles such as Output/.gitignore are kept). The checks of \
      `almanac check` run too, and print warnings.

      Exit status: 0 when the site was built, 1 when it has errors (all are printed; with --strict, \
      warnings count as errors), 2 when the command line is wrong.
      """
  )

  @OptionGroup var site: SiteOptions

  @Option(
    name: .long,
    help: ArgumentHelp("Where to write the site (default: <source>/Output).", valueName: "dir"))
  var output: String?

  @OptionGroup var report: ReportOptions

  func run() throws {
    let terminal = Terminal()
    let started = Date()
    let outputFolder =
      output.map { URL(fileURLWithPath: $0, isDirectory: true) }
      ?? site.root.appendingPathComponent("Output", isDirectory: true)

    let sources = SourceFiles.read(siteAt: site.root)
    let progress = terminal.progressReporter(label: "Rendering pages", startedAt: started)
    let result = Almanac.build(sources, options: site.buildOptions, progress: progress)
    terminal.clearProgress()
    report.print(result.diagnostics, terminal: terminal)
    guard !report.fails(result.diagnostics) else {
      try report.writeReport(BuildReport(command: "build", result: result), terminal: terminal)
      let count = result.diagnostics.filter { $0.isError || report.strict }.count
      terminal.printError(
        "build failed with \(count) \(report.strict ? "problem" : "error")\(count == 1 ? "" : "s"); "
          + "\(outputFolder.relativePath) was not changed")
      throw ExitCode.siteErrors
    }

    let writeStarted = Date()
    let writing = Result { () throws(OutputWriter.Failure) in
      try OutputWriter(folder: outputFolder, siteRoot: site.root).write(result.files)
    }
    guard case .success(let written) = writing else {
      if case .failure(let failure) = writing {
        report.print([failure.diagnostic], terminal: terminal)
        try report.writeReport(
          BuildReport(command: "build", result: result, extraDiagnostics: [failure.diagnostic]),
          terminal: terminal)
      }
      throw ExitCode.siteErrors
    }
    let seconds = Date().timeIntervalSince(started)
    try report.writeReport(
      BuildReport(
        command: "build", result: result,
        output: BuildReport.Written(
          folder: outputFolder.relativePath, written: written.written, unchanged: written.unchanged,
          removed: written.removed),
        writeSeconds: Date().timeIntervalSince(writeStarted)),
      terminal: terminal)
    print(
      "Built \(result.pageCount) pages and \(result.dataFileCount) data files in "
        + String(format: "%.2f", seconds) + " s into \(outputFolder.relativePath)/ "
        + "(\(written.written) written, \(written.unchanged) unchanged, \(written.removed) removed)"
    )
  }
}
