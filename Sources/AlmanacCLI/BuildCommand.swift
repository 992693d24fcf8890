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
      longer produces are removed (dotfiles such as Output/.gitignore are kept).

      Exit status: 0 when the site was built, 1 when it has errors (all are printed), 2 when the \
      command line is wrong.
      """
  )

  @Option(name: .long, help: ArgumentHelp("The site's root folder.", valueName: "dir"))
  var source = "."

  @Option(
    name: .long,
    help: ArgumentHelp("Where to write the site (default: <source>/Output).", valueName: "dir"))
  var output: String?

  @Option(
    name: .customLong("base-url"),
    help: ArgumentHelp(
      "The absolute URL the site is published at; overrides base_url in site.yml.", valueName: "url"
    ))
  var baseURL: String?

  @Flag(name: .long, help: "Include pages marked `draft: true`.")
  var drafts = false

  func run() throws {
    let terminal = Terminal()
    let started = Date()
    let root = URL(fileURLWithPath: source, isDirectory: true)
    let outputFolder =
      output.map { URL(fileURLWithPath: $0, isDirectory: true) }
      ?? root.appendingPathComponent("Output", isDirectory: true)

    let sources = SourceFiles.read(siteAt: root)
    let progress = terminal.progressReporter(label: "Rendering pages", startedAt: started)
    let result = Almanac.build(
      sources, options: BuildOptions(baseURL: baseURL, includeDrafts: drafts), progress: progress)
    terminal.clearProgress()
    for diagnostic in result.diagnostics {
      terminal.printError(diagnostic.formatted(color: terminal.isColorEnabled))
    }
    guard result.succeeded else {
      let errorCount = result.diagnostics.filter(\.isError).count
      terminal.printError(
        "build failed with \(errorCount) error\(errorCount == 1 ? "" : "s"); \(outputFolder.relativePath) was not changed"
      )
      throw ExitCode.siteErrors
    }

    let writing = Result { () throws(OutputWriter.Failure) in
      try OutputWriter(folder: outputFolder, siteRoot: root).write(result.files)
    }
    guard case .success(let written) = writing else {
      if case .failure(let failure) = writing {
        terminal.printError(failure.diagnostic.formatted(color: terminal.isColorEnabled))
      }
      throw ExitCode.siteErrors
    }
    let seconds = Date().timeIntervalSince(started)
    print(
      "Built \(result.pageCount) pages and \(result.dataFileCount) data files in "
        + String(format: "%.2f", seconds) + " s into \(outputFolder.relativePath)/ "
        + "(\(written.written) written, \(written.unchanged) unchanged, \(written.removed) removed)"
    )
  }
}
